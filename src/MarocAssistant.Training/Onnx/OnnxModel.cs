using MarocAssistant.Language.Onnx;

namespace MarocAssistant.Training.Onnx;

/// <summary>
/// The subset of the ONNX IR (onnx.proto) this project writes: enough for inference graphs made of standard
/// operators, initializers and metadata. <see cref="OnnxModelWriter"/> turns it into a standard .onnx file.
/// </summary>
public sealed record OnnxModel
{
    /// <summary>IR version 8 and opset 17: what ORT 1.30 runs and what Debian's onnx 1.12 checker knows.</summary>
    public long IrVersion { get; init; } = 8;

    public IReadOnlyList<OnnxOpset> OpsetImports { get; init; } = [new(string.Empty, 17)];

    public string ProducerName { get; init; } = "MarocAssistant";

    public string ProducerVersion { get; init; } = string.Empty;

    public string Domain { get; init; } = string.Empty;

    public long ModelVersion { get; init; } = 1;

    public string DocString { get; init; } = string.Empty;

    public required OnnxGraph Graph { get; init; }

    /// <summary>Written as <c>metadata_props</c>; ORT exposes them as custom metadata.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Metadata { get; init; } = [];
}

public sealed record OnnxOpset(string Domain, long Version);

public sealed record OnnxGraph
{
    public required string Name { get; init; }

    public required IReadOnlyList<OnnxNode> Nodes { get; init; }

    public IReadOnlyList<OnnxTensorProto> Initializers { get; init; } = [];

    public required IReadOnlyList<OnnxValueInfo> Inputs { get; init; }

    public required IReadOnlyList<OnnxValueInfo> Outputs { get; init; }

    public string DocString { get; init; } = string.Empty;
}

/// <summary>One operator call. <paramref name="Domain"/> empty means the standard <c>ai.onnx</c> operators.</summary>
public sealed record OnnxNode(
    string OpType,
    IReadOnlyList<string> Inputs,
    IReadOnlyList<string> Outputs,
    string Name = "",
    IReadOnlyList<OnnxAttribute>? Attributes = null,
    string Domain = "");

/// <summary>A graph input or output: a tensor of <see cref="ElementType"/> with fixed or named dimensions.</summary>
public sealed record OnnxValueInfo(string Name, OnnxElementType ElementType, IReadOnlyList<OnnxDim> Shape);

/// <summary>A tensor dimension: a fixed size or a symbolic name such as <c>batch</c>.</summary>
public readonly record struct OnnxDim(long Value, string? Param)
{
    public static implicit operator OnnxDim(long value) => new(value, null);

    public static implicit operator OnnxDim(string param) => new(0, param);

    public static OnnxDim FromInt64(long value) => new(value, null);

    public static OnnxDim FromString(string param) => new(0, param);
}

/// <summary>A constant tensor (an initializer or a tensor attribute), stored as little-endian raw bytes.</summary>
public sealed record OnnxTensorProto(string Name, OnnxElementType ElementType, IReadOnlyList<long> Dims, ReadOnlyMemory<byte> RawData)
{
    public static OnnxTensorProto FromFloats(string name, ReadOnlySpan<float> data, params long[] dims) =>
        Create(name, OnnxElementType.Float, data, dims);

    public static OnnxTensorProto FromInt64s(string name, ReadOnlySpan<long> data, params long[] dims) =>
        Create(name, OnnxElementType.Int64, data, dims);

    private static OnnxTensorProto Create<T>(string name, OnnxElementType type, ReadOnlySpan<T> data, long[] dims)
        where T : unmanaged
    {
        long count = 1;
        foreach (var d in dims)
        {
            count *= d;
        }

        if (count != data.Length)
        {
            throw new ArgumentException($"Tensor '{name}': dims [{string.Join(",", dims)}] hold {count} elements, data has {data.Length}.", nameof(data));
        }

        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("ONNX raw_data is little-endian; big-endian hosts are not supported.");
        }

        return new OnnxTensorProto(name, type, dims, System.Runtime.InteropServices.MemoryMarshal.AsBytes(data).ToArray());
    }
}

/// <summary>A node attribute; make one with the factory methods.</summary>
public sealed record OnnxAttribute
{
    private OnnxAttribute(string name, OnnxAttributeType type) => (Name, Type) = (name, type);

    public string Name { get; }

    public OnnxAttributeType Type { get; }

    public float FloatValue { get; private init; }

    public long IntValue { get; private init; }

    public string? StringValue { get; private init; }

    public OnnxTensorProto? TensorValue { get; private init; }

    public IReadOnlyList<float> Floats { get; private init; } = [];

    public IReadOnlyList<long> Ints { get; private init; } = [];

    public static OnnxAttribute Float(string name, float value) => new(name, OnnxAttributeType.Float) { FloatValue = value };

    public static OnnxAttribute Int(string name, long value) => new(name, OnnxAttributeType.Int) { IntValue = value };

    public static OnnxAttribute String(string name, string value) => new(name, OnnxAttributeType.String) { StringValue = value };

    public static OnnxAttribute Tensor(string name, OnnxTensorProto value) => new(name, OnnxAttributeType.Tensor) { TensorValue = value };

    public static OnnxAttribute FloatList(string name, params float[] values) => new(name, OnnxAttributeType.Floats) { Floats = values };

    public static OnnxAttribute IntList(string name, params long[] values) => new(name, OnnxAttributeType.Ints) { Ints = values };
}

/// <summary><c>AttributeProto.AttributeType</c> values from onnx.proto (the ones this writer supports).</summary>
public enum OnnxAttributeType
{
    Float = 1,
    Int = 2,
    String = 3,
    Tensor = 4,
    Floats = 6,
    Ints = 7,
}
