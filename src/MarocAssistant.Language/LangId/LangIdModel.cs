using MarocAssistant.Language.Onnx;
using MarocAssistant.Language.Onnx.Writer;

namespace MarocAssistant.Language.LangId;

/// <summary>
/// Trained weights of the language identifier and their export to ONNX. The C# forward pass here is what the
/// trainer optimises; the ONNX graph computes the same function and is what the detector runs.
/// </summary>
public sealed class LangIdModel
{
    private readonly float[] _embedding;   // [buckets, dim]
    private readonly float[] _projection;  // [dim, labels]
    private readonly float[] _bias;        // [labels]

    public LangIdModel(LangIdModelInfo info, float[] embedding, float[] projection, float[] bias)
    {
        ArgumentNullException.ThrowIfNull(info);
        var labels = info.Labels.Count;
        if (embedding.Length != info.Features.Buckets * info.Dim || projection.Length != info.Dim * labels || bias.Length != labels)
        {
            throw new ArgumentException("Weight sizes do not match the model info.");
        }

        Info = info;
        _embedding = embedding;
        _projection = projection;
        _bias = bias;
    }

    public LangIdModelInfo Info { get; }

    public LangIdModel WithInfo(LangIdModelInfo info) => new(info, _embedding, _projection, _bias);

    /// <summary>Class probabilities for one row of weighted features.</summary>
    public void Predict(ReadOnlySpan<long> ids, ReadOnlySpan<float> weights, Span<float> probabilities)
    {
        var dim = Info.Dim;
        Span<float> pooled = stackalloc float[dim];
        Pool(ids, weights, pooled);
        Logits(pooled, probabilities);
        Softmax(probabilities);
    }

    /// <summary>The ONNX graph: ids int64 [batch, features], weights float [batch, rows, features] → probs float [batch, rows, labels].</summary>
    /// <remarks>
    /// Each of the <c>rows</c> is one weighting of the message's features: row 0 the whole message, further rows single
    /// words (for the mixed flag). Gather + batched MatMul is an embedding bag in standard operators.
    /// </remarks>
    public OnnxModel ToOnnx()
    {
        var labels = Info.Labels.Count;
        return new OnnxModel
        {
            ProducerName = "MarocAssistant.LangIdTrainer",
            ProducerVersion = LangIdModelInfo.FormatName,
            DocString = "Language identification for Moroccan citizen messages: " + string.Join(" ", Info.Labels),
            Metadata = [new(LangIdModelInfo.MetadataKey, Info.ToJson())],
            Graph = new OnnxGraph
            {
                Name = "langid",
                Inputs =
                [
                    new OnnxValueInfo(Info.InputIds, OnnxElementType.Int64, ["batch", "features"]),
                    new OnnxValueInfo(Info.InputWeights, OnnxElementType.Float, ["batch", "rows", "features"]),
                ],
                Outputs = [new OnnxValueInfo(Info.OutputProbabilities, OnnxElementType.Float, ["batch", "rows", labels])],
                Initializers =
                [
                    OnnxTensorProto.FromFloats("embedding", _embedding, Info.Features.Buckets, Info.Dim),
                    OnnxTensorProto.FromFloats("projection", _projection, Info.Dim, labels),
                    OnnxTensorProto.FromFloats("bias", _bias, labels),
                ],
                Nodes =
                [
                    new OnnxNode("Gather", ["embedding", Info.InputIds], ["vectors"], "lookup", [OnnxAttribute.Int("axis", 0)]),
                    new OnnxNode("MatMul", [Info.InputWeights, "vectors"], ["pooled"], "bag"),
                    new OnnxNode("MatMul", ["pooled", "projection"], ["projected"], "linear"),
                    new OnnxNode("Add", ["projected", "bias"], ["logits"], "bias"),
                    new OnnxNode("Softmax", ["logits"], [Info.OutputProbabilities], "softmax", [OnnxAttribute.Int("axis", -1)]),
                ],
            },
        };
    }

    /// <summary>Writes <paramref name="onnxPath"/> and its metadata beside it (same name, <c>.json</c>).</summary>
    public void Save(string onnxPath)
    {
        OnnxModelWriter.WriteFile(ToOnnx(), onnxPath);
        File.WriteAllText(Path.ChangeExtension(onnxPath, ".json"), Info.ToJson() + "\n");
    }

    internal Span<float> Embedding => _embedding;

    internal Span<float> Projection => _projection;

    internal Span<float> Bias => _bias;

    internal void Pool(ReadOnlySpan<long> ids, ReadOnlySpan<float> weights, Span<float> pooled)
    {
        var dim = Info.Dim;
        pooled.Clear();
        for (var i = 0; i < ids.Length; i++)
        {
            var w = weights[i];
            if (w == 0f)
            {
                continue;
            }

            var row = _embedding.AsSpan((int)ids[i] * dim, dim);
            for (var d = 0; d < dim; d++)
            {
                pooled[d] += w * row[d];
            }
        }
    }

    internal void Logits(ReadOnlySpan<float> pooled, Span<float> logits)
    {
        var labels = _bias.Length;
        for (var c = 0; c < labels; c++)
        {
            var z = _bias[c];
            for (var d = 0; d < pooled.Length; d++)
            {
                z += pooled[d] * _projection[(d * labels) + c];
            }

            logits[c] = z;
        }
    }

    internal static void Softmax(Span<float> values)
    {
        var max = float.NegativeInfinity;
        foreach (var v in values)
        {
            max = Math.Max(max, v);
        }

        var sum = 0f;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = MathF.Exp(values[i] - max);
            sum += values[i];
        }

        for (var i = 0; i < values.Length; i++)
        {
            values[i] /= sum;
        }
    }
}
