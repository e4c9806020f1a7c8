namespace MarocAssistant.Language.LangId;

/// <summary>
/// Trained weights of the language identifier. The C# forward pass here is what the trainer optimises; the ONNX graph
/// (written by MarocAssistant.Training's <c>LangIdOnnx</c>) computes the same function and is what the detector runs.
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

    /// <summary>The index of the largest value (the first on a tie): the predicted label of a probability row.</summary>
    internal static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
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
