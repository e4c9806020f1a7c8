using Google.Protobuf;

namespace MarocAssistant.Training.Onnx;

/// <summary>
/// Serialises an <see cref="OnnxModel"/> to the ONNX protobuf wire format. Field numbers are those of onnx.proto;
/// fields are written in field-number order and only when set, so the same model always gives the same bytes.
/// </summary>
public static class OnnxModelWriter
{
    public static byte[] ToBytes(OnnxModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Message(o => WriteModel(o, model)).ToByteArray();
    }

    public static void WriteFile(OnnxModel model, string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }

        File.WriteAllBytes(path, ToBytes(model));
    }

    // ModelProto: ir_version 1, producer_name 2, producer_version 3, domain 4, model_version 5, doc_string 6,
    // graph 7, opset_import 8, metadata_props 14.
    private static void WriteModel(CodedOutputStream o, OnnxModel m)
    {
        Int64(o, 1, m.IrVersion);
        String(o, 2, m.ProducerName);
        String(o, 3, m.ProducerVersion);
        String(o, 4, m.Domain);
        Int64(o, 5, m.ModelVersion);
        String(o, 6, m.DocString);
        Nested(o, 7, x => WriteGraph(x, m.Graph));
        foreach (var opset in m.OpsetImports)
        {
            // OperatorSetIdProto: domain 1, version 2.
            Nested(o, 8, x =>
            {
                String(x, 1, opset.Domain);
                Int64(x, 2, opset.Version, always: true);
            });
        }

        foreach (var (key, value) in m.Metadata)
        {
            // StringStringEntryProto: key 1, value 2.
            Nested(o, 14, x =>
            {
                String(x, 1, key);
                String(x, 2, value);
            });
        }
    }

    // GraphProto: node 1, name 2, initializer 5, doc_string 10, input 11, output 12.
    private static void WriteGraph(CodedOutputStream o, OnnxGraph g)
    {
        foreach (var node in g.Nodes)
        {
            Nested(o, 1, x => WriteNode(x, node));
        }

        String(o, 2, g.Name);
        foreach (var t in g.Initializers)
        {
            Nested(o, 5, x => WriteTensor(x, t));
        }

        String(o, 10, g.DocString);
        foreach (var v in g.Inputs)
        {
            Nested(o, 11, x => WriteValueInfo(x, v));
        }

        foreach (var v in g.Outputs)
        {
            Nested(o, 12, x => WriteValueInfo(x, v));
        }
    }

    // NodeProto: input 1, output 2, name 3, op_type 4, attribute 5, domain 7.
    private static void WriteNode(CodedOutputStream o, OnnxNode n)
    {
        foreach (var input in n.Inputs)
        {
            String(o, 1, input, always: true); // an empty name marks an omitted optional input
        }

        foreach (var output in n.Outputs)
        {
            String(o, 2, output, always: true);
        }

        String(o, 3, n.Name);
        String(o, 4, n.OpType);
        foreach (var a in n.Attributes ?? [])
        {
            Nested(o, 5, x => WriteAttribute(x, a));
        }

        String(o, 7, n.Domain);
    }

    // AttributeProto: name 1, f 2, i 3, s 4, t 5, floats 7, ints 8, type 20.
    private static void WriteAttribute(CodedOutputStream o, OnnxAttribute a)
    {
        String(o, 1, a.Name);
        switch (a.Type)
        {
            case OnnxAttributeType.Float:
                o.WriteTag(2, WireFormat.WireType.Fixed32);
                o.WriteFloat(a.FloatValue);
                break;
            case OnnxAttributeType.Int:
                Int64(o, 3, a.IntValue, always: true);
                break;
            case OnnxAttributeType.String:
                String(o, 4, a.StringValue ?? string.Empty, always: true);
                break;
            case OnnxAttributeType.Tensor:
                Nested(o, 5, x => WriteTensor(x, a.TensorValue!));
                break;
            case OnnxAttributeType.Floats:
                foreach (var f in a.Floats)
                {
                    o.WriteTag(7, WireFormat.WireType.Fixed32);
                    o.WriteFloat(f);
                }

                break;
            case OnnxAttributeType.Ints:
                foreach (var i in a.Ints)
                {
                    Int64(o, 8, i, always: true);
                }

                break;
            default:
                throw new NotSupportedException($"Attribute type {a.Type}.");
        }

        Int64(o, 20, (long)a.Type, always: true);
    }

    // TensorProto: dims 1, data_type 2, name 8, raw_data 9.
    private static void WriteTensor(CodedOutputStream o, OnnxTensorProto t)
    {
        foreach (var d in t.Dims)
        {
            Int64(o, 1, d, always: true);
        }

        Int64(o, 2, (long)t.ElementType, always: true);
        String(o, 8, t.Name);
        o.WriteTag(9, WireFormat.WireType.LengthDelimited);
        o.WriteBytes(UnsafeByteOperations.UnsafeWrap(t.RawData));
    }

    // ValueInfoProto: name 1, type 2. TypeProto: tensor_type 1. TypeProto.Tensor: elem_type 1, shape 2.
    // TensorShapeProto: dim 1. Dimension: dim_value 1 | dim_param 2.
    private static void WriteValueInfo(CodedOutputStream o, OnnxValueInfo v)
    {
        String(o, 1, v.Name);
        Nested(o, 2, type => Nested(type, 1, tensor =>
        {
            Int64(tensor, 1, (long)v.ElementType, always: true);
            Nested(tensor, 2, shape =>
            {
                foreach (var dim in v.Shape)
                {
                    Nested(shape, 1, d =>
                    {
                        if (dim.Param is null)
                        {
                            Int64(d, 1, dim.Value, always: true);
                        }
                        else
                        {
                            String(d, 2, dim.Param, always: true);
                        }
                    });
                }
            });
        }));
    }

    private static void Int64(CodedOutputStream o, int field, long value, bool always = false)
    {
        if (value == 0 && !always)
        {
            return;
        }

        o.WriteTag(field, WireFormat.WireType.Varint);
        o.WriteInt64(value);
    }

    private static void String(CodedOutputStream o, int field, string value, bool always = false)
    {
        if (value.Length == 0 && !always)
        {
            return;
        }

        o.WriteTag(field, WireFormat.WireType.LengthDelimited);
        o.WriteString(value);
    }

    private static void Nested(CodedOutputStream o, int field, Action<CodedOutputStream> write)
    {
        o.WriteTag(field, WireFormat.WireType.LengthDelimited);
        o.WriteBytes(Message(write));
    }

    // Sub-messages are length-prefixed, so each one is written to its own buffer first.
    private static ByteString Message(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        using (var output = new CodedOutputStream(buffer, leaveOpen: true))
        {
            write(output);
        }

        return ByteString.CopyFrom(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
