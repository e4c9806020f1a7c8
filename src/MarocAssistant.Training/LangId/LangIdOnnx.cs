using MarocAssistant.Language.LangId;
using MarocAssistant.Language.Onnx;
using MarocAssistant.Training.Onnx;

namespace MarocAssistant.Training.LangId;

/// <summary>The export of a trained <see cref="LangIdModel"/> to ONNX, the graph the detector runs.</summary>
public static class LangIdOnnx
{
    /// <summary>The ONNX graph: ids int64 [batch, features], weights float [batch, rows, features] → probs float [batch, rows, labels].</summary>
    /// <remarks>
    /// Each of the <c>rows</c> is one weighting of the message's features: row 0 the whole message, further rows single
    /// words (for the mixed flag). Gather + batched MatMul is an embedding bag in standard operators.
    /// </remarks>
    public static OnnxModel ToOnnx(this LangIdModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var info = model.Info;
        var labels = info.Labels.Count;
        return new OnnxModel
        {
            ProducerName = "MarocAssistant.LangIdTrainer",
            ProducerVersion = LangIdModelInfo.FormatName,
            DocString = "Language identification for Moroccan citizen messages: " + string.Join(" ", info.Labels),
            Metadata = [new(LangIdModelInfo.MetadataKey, info.ToJson())],
            Graph = new OnnxGraph
            {
                Name = "langid",
                Inputs =
                [
                    new OnnxValueInfo(info.InputIds, OnnxElementType.Int64, ["batch", "features"]),
                    new OnnxValueInfo(info.InputWeights, OnnxElementType.Float, ["batch", "rows", "features"]),
                ],
                Outputs = [new OnnxValueInfo(info.OutputProbabilities, OnnxElementType.Float, ["batch", "rows", labels])],
                Initializers =
                [
                    OnnxTensorProto.FromFloats("embedding", model.Embedding, info.Features.Buckets, info.Dim),
                    OnnxTensorProto.FromFloats("projection", model.Projection, info.Dim, labels),
                    OnnxTensorProto.FromFloats("bias", model.Bias, labels),
                ],
                Nodes =
                [
                    new OnnxNode("Gather", ["embedding", info.InputIds], ["vectors"], "lookup", [OnnxAttribute.Int("axis", 0)]),
                    new OnnxNode("MatMul", [info.InputWeights, "vectors"], ["pooled"], "bag"),
                    new OnnxNode("MatMul", ["pooled", "projection"], ["projected"], "linear"),
                    new OnnxNode("Add", ["projected", "bias"], ["logits"], "bias"),
                    new OnnxNode("Softmax", ["logits"], [info.OutputProbabilities], "softmax", [OnnxAttribute.Int("axis", -1)]),
                ],
            },
        };
    }

    /// <summary>Writes <paramref name="onnxPath"/> and its metadata beside it (same name, <c>.json</c>).</summary>
    public static void Save(this LangIdModel model, string onnxPath)
    {
        ArgumentNullException.ThrowIfNull(model);
        OnnxModelWriter.WriteFile(model.ToOnnx(), onnxPath);
        File.WriteAllText(Path.ChangeExtension(onnxPath, ".json"), model.Info.ToJson() + "\n");
    }
}
