using MarocAssistant.Retrieval.Corpus;
using MarocAssistant.Retrieval.Sparse;

namespace MarocAssistant.Retrieval.Dense;

/// <summary>
/// The trained multilingual encoder: the question's sparse terms (words, skeletons, n-grams, lexicon forms) hashed
/// into <see cref="Buckets"/> buckets, projected linearly to <see cref="Dimensions"/> and L2-normalised. Each class
/// (procedure, plus out-of-scope) has a unit prototype; a question belongs near its procedure's prototype.
/// The same computation is exported to ONNX; this managed copy serves training and the held-out folds.
/// </summary>
public sealed class EncoderModel
{
    public const string OutOfScopeClass = "out-of-scope";

    public EncoderModel(int buckets, int dimensions, float[] projection, string[] classes, float[][] prototypes)
    {
        ArgumentNullException.ThrowIfNull(projection);
        if (projection.Length != buckets * dimensions)
        {
            throw new ArgumentException("Projection size does not match buckets × dimensions.", nameof(projection));
        }

        Buckets = buckets;
        Dimensions = dimensions;
        Projection = projection;
        Classes = classes;
        Prototypes = prototypes;
    }

    public int Buckets { get; }

    public int Dimensions { get; }

    /// <summary>Row-major [Buckets, Dimensions].</summary>
    public float[] Projection { get; }

    public string[] Classes { get; }

    /// <summary>Unit vectors, one per class.</summary>
    public float[][] Prototypes { get; }

    /// <summary>The texts of a record that name it (titles, aliases, summaries, variant labels): the trainer's examples and the embedder's procedure vector.</summary>
    public static IEnumerable<string> RecordTexts(ProcedureRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        foreach (var (language, block) in record.Blocks())
        {
            yield return block.Title;
            foreach (var alias in block.Aliases)
            {
                yield return alias;
            }

            if (!string.IsNullOrWhiteSpace(block.Summary))
            {
                yield return block.Summary;
            }

            var label = record.Variant.Label.Get(language);
            if (!string.IsNullOrWhiteSpace(label) && block.Aliases.Count > 0)
            {
                yield return $"{block.Aliases[0]} {label}";
            }
        }
    }

    /// <summary>The hashed input of a text: bucket ids and L2-normalised weights, duplicates merged.</summary>
    public static (long[] Indices, float[] Weights) Featurize(SparseEncoder sparse, string text, int buckets)
    {
        ArgumentNullException.ThrowIfNull(sparse);
        return Featurize(sparse.EncodeQuery(text), buckets);
    }

    /// <summary>The hashed input of an already encoded query.</summary>
    public static (long[] Indices, float[] Weights) Featurize(SparseVector vector, int buckets)
    {
        ArgumentNullException.ThrowIfNull(vector);
        var indices = new long[vector.Count];
        var weights = new float[vector.Count];
        var n = Featurize(vector, buckets, indices, weights);
        return (indices[..n], weights[..n]);
    }

    /// <summary>
    /// <see cref="Featurize(SparseVector, int)"/> into caller-owned spans (at least <c>vector.Count</c> long each):
    /// returns how many entries were written. Buckets come in the order the vector first reaches them.
    /// </summary>
    public static int Featurize(SparseVector vector, int buckets, Span<long> indices, Span<float> weights)
    {
        ArgumentNullException.ThrowIfNull(vector);
        ArgumentOutOfRangeException.ThrowIfLessThan(indices.Length, vector.Count, nameof(indices));
        ArgumentOutOfRangeException.ThrowIfLessThan(weights.Length, vector.Count, nameof(weights));
        var bag = ThreadScratch.TakeBucketWeights();
        try
        {
            for (var i = 0; i < vector.Count; i++)
            {
                long bucket = vector.Indices[i] % (uint)buckets;
                bag[bucket] = bag.GetValueOrDefault(bucket) + vector.Values[i];
            }

            var n = 0;
            var norm = 0.0;
            foreach (var (key, value) in bag)
            {
                indices[n] = key;
                weights[n] = value;
                norm += value * value;
                n++;
            }

            if (norm > 0)
            {
                var scale = (float)(1 / Math.Sqrt(norm));
                for (var i = 0; i < n; i++)
                {
                    weights[i] *= scale;
                }
            }

            return n;
        }
        finally
        {
            ThreadScratch.Return(bag);
        }
    }

    /// <summary>The unit embedding of hashed features (zeros when there are none).</summary>
    public float[] Embed(ReadOnlySpan<long> indices, ReadOnlySpan<float> weights)
    {
        var h = new float[Dimensions];
        for (var i = 0; i < indices.Length; i++)
        {
            var row = Projection.AsSpan((int)indices[i] * Dimensions, Dimensions);
            var w = weights[i];
            for (var d = 0; d < Dimensions; d++)
            {
                h[d] += w * row[d];
            }
        }

        Normalize(h);
        return h;
    }

    public float[]? PrototypeOf(string classId)
    {
        var index = Array.IndexOf(Classes, classId);
        return index < 0 ? null : Prototypes[index];
    }

    internal static float Normalize(Span<float> v)
    {
        var norm = 0.0;
        foreach (var x in v)
        {
            norm += x * x;
        }

        var length = (float)Math.Sqrt(norm);
        if (length > 1e-12f)
        {
            for (var i = 0; i < v.Length; i++)
            {
                v[i] /= length;
            }
        }

        return length;
    }
}
