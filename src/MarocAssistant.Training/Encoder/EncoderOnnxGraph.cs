using MarocAssistant.Language.Onnx;
using MarocAssistant.Retrieval.Dense;
using MarocAssistant.Training.Onnx;
using static MarocAssistant.Retrieval.Dense.EncoderOnnx;

namespace MarocAssistant.Training.Encoder;

/// <summary>
/// Writes the encoder as a standard ONNX graph (opset 17): <c>indices</c> int64[n] and <c>weights</c> float[n] →
/// Gather rows of the projection, weight them, sum, divide by the L2 norm → <c>embedding</c> float[d].
/// Text hashing stays in C#: ONNX has no standard string-hashing operator.
/// </summary>
public static class EncoderOnnxGraph
{
    public static OnnxModel Build(EncoderModel model, IReadOnlyList<KeyValuePair<string, string>> metadata)
    {
        ArgumentNullException.ThrowIfNull(model);
        var graph = new OnnxGraph
        {
            Name = "maroc_encoder",
            Initializers =
            [
                OnnxTensorProto.FromFloats("projection", model.Projection, model.Buckets, model.Dimensions),
                OnnxTensorProto.FromInt64s("axis1", [1], 1),
                OnnxTensorProto.FromInt64s("axis0", [0], 1),
                OnnxTensorProto.FromFloats("epsilon", [1e-12f]),
            ],
            Nodes =
            [
                new OnnxNode("Gather", ["projection", IndicesInput], ["rows"], "gather", [OnnxAttribute.Int("axis", 0)]),
                new OnnxNode("Unsqueeze", [WeightsInput, "axis1"], ["column"], "unsqueeze"),
                new OnnxNode("Mul", ["rows", "column"], ["weighted"], "mul"),
                new OnnxNode("ReduceSum", ["weighted", "axis0"], ["sum"], "sum", [OnnxAttribute.Int("keepdims", 0)]),
                new OnnxNode("ReduceL2", ["sum"], ["length"], "length", [OnnxAttribute.Int("keepdims", 1)]),
                new OnnxNode("Max", ["length", "epsilon"], ["safe_length"], "safe_length"),
                new OnnxNode("Div", ["sum", "safe_length"], [EmbeddingOutput], "normalize"),
            ],
            Inputs =
            [
                new OnnxValueInfo(IndicesInput, OnnxElementType.Int64, [OnnxDim.FromString("n")]),
                new OnnxValueInfo(WeightsInput, OnnxElementType.Float, [OnnxDim.FromString("n")]),
            ],
            Outputs = [new OnnxValueInfo(EmbeddingOutput, OnnxElementType.Float, [model.Dimensions])],
        };
        return new OnnxModel
        {
            Graph = graph,
            ProducerName = "MarocAssistant encoder trainer",
            DocString = "Hashed sparse terms → linear projection → L2 normalisation. See models/encoder.json.",
            Metadata = metadata,
        };
    }
}
