using MarocAssistant.Language.Onnx;
using MarocAssistant.Training.Onnx;

namespace MarocAssistant.Training.Tests.Onnx;

/// <summary>Small models written with our own writer, with a C# reference for what they compute.</summary>
internal static class TinyModels
{
    // y = (x + bias) · W   (float [N,3] → [N,2]);   z = ids + offset   (int64 [N] → [N])
    public static readonly float[] Bias = [0.5f, -1f, 2f];
    public static readonly float[] W = [1f, 2f, -0.5f, 0.25f, 3f, -1f];
    public const long Offset = 1_000_000_007L;

    public static OnnxModel AddMatMul() => new()
    {
        ProducerName = "maroc-tests",
        Metadata = [new("purpose", "session test"), new("note", "مرحبا ⵣ")],
        Graph = new OnnxGraph
        {
            Name = "add_matmul",
            Inputs =
            [
                new OnnxValueInfo("x", OnnxElementType.Float, ["N", 3]),
                new OnnxValueInfo("ids", OnnxElementType.Int64, ["N"]),
            ],
            Outputs =
            [
                new OnnxValueInfo("y", OnnxElementType.Float, ["N", 2]),
                new OnnxValueInfo("z", OnnxElementType.Int64, ["N"]),
            ],
            Initializers =
            [
                OnnxTensorProto.FromFloats("bias", Bias, 3),
                OnnxTensorProto.FromFloats("W", W, 3, 2),
                OnnxTensorProto.FromInt64s("offset", [Offset], 1),
            ],
            Nodes =
            [
                new OnnxNode("Add", ["x", "bias"], ["xb"], "add_bias"),
                new OnnxNode("MatMul", ["xb", "W"], ["y"], "matmul"),
                new OnnxNode("Add", ["ids", "offset"], ["z"], "add_offset"),
            ],
        },
    };

    public static float[] ReferenceY(float[] x)
    {
        var n = x.Length / 3;
        var y = new float[n * 2];
        for (var r = 0; r < n; r++)
        {
            for (var c = 0; c < 2; c++)
            {
                float sum = 0;
                for (var k = 0; k < 3; k++)
                {
                    sum += (x[(r * 3) + k] + Bias[k]) * W[(k * 2) + c];
                }

                y[(r * 2) + c] = sum;
            }
        }

        return y;
    }

    /// <summary>A model whose nodes exercise attributes: Softmax(axis), ReduceSum(keepdims), Flatten(axis).</summary>
    public static OnnxModel WithAttributes() => new()
    {
        Graph = new OnnxGraph
        {
            Name = "attributes",
            Inputs = [new OnnxValueInfo("x", OnnxElementType.Float, ["N", 2, 4])],
            Outputs = [new OnnxValueInfo("p", OnnxElementType.Float, ["N", 4])],
            Initializers = [OnnxTensorProto.FromInt64s("axes", [1], 1)],
            Nodes =
            [
                new OnnxNode("ReduceSum", ["x", "axes"], ["s"], Attributes: [OnnxAttribute.Int("keepdims", 1)]),
                new OnnxNode("Flatten", ["s"], ["f"], Attributes: [OnnxAttribute.Int("axis", 1)]),
                new OnnxNode("Softmax", ["f"], ["p"], Attributes: [OnnxAttribute.Int("axis", -1)]),
            ],
        },
    };
}
