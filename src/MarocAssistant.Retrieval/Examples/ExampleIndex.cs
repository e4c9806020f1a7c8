using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using MarocAssistant.Retrieval.Corpus;
using MarocAssistant.Retrieval.Dense;
using MarocAssistant.Retrieval.Index;

namespace MarocAssistant.Retrieval.Examples;

/// <summary>
/// The training questions of <c>corpus/questions</c> as unit vectors of the trained encoder, each with its procedure
/// (none for an out-of-scope question). A question near several questions of one procedure is about that procedure
/// even when it is far from the procedure's single prototype: the encoder's prototypes are linear, the questions'
/// neighbourhoods are not. Searched exactly (about 11,000 vectors of 64 floats: tens of microseconds). Thread-safe.
/// </summary>
public sealed class ExampleIndex
{
    private readonly string?[] _procedures;
    private readonly float[] _vectors;

    /// <param name="procedures">Each example's procedure id, null when out of scope.</param>
    /// <param name="vectors">The examples' unit vectors, one row of <paramref name="dimensions"/> floats each.</param>
    /// <param name="dimensions">The encoder's dimensions.</param>
    /// <param name="fingerprint">What the examples were built from (<see cref="FingerprintOf"/> and the encoder).</param>
    public ExampleIndex(IReadOnlyList<string?> procedures, float[] vectors, int dimensions, string fingerprint)
    {
        ArgumentNullException.ThrowIfNull(procedures);
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        if (vectors.Length != procedures.Count * dimensions)
        {
            throw new ArgumentException($"Expected {procedures.Count} × {dimensions} floats, got {vectors.Length}.", nameof(vectors));
        }

        _procedures = [.. procedures];
        _vectors = vectors;
        Dimensions = dimensions;
        Fingerprint = fingerprint;
    }

    public int Count => _procedures.Length;

    public int Dimensions { get; }

    public string Fingerprint { get; }

    /// <summary>Each example's procedure id (null when out of scope), in the order of the vectors.</summary>
    public IReadOnlyList<string?> Procedures => _procedures;

    /// <summary>The unit vectors, row after row.</summary>
    public ReadOnlySpan<float> Vectors => _vectors;

    /// <summary>Embeds every question with the trained encoder (in process, no I/O).</summary>
    public static ExampleIndex Build(IReadOnlyList<LabeledQuestion> questions, ISparseInputEmbedder embedder, Sparse.SparseEncoder sparse, string fingerprint)
    {
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentNullException.ThrowIfNull(sparse);
        var dimensions = embedder.Dimensions;
        var vectors = new float[questions.Count * dimensions];
        for (var i = 0; i < questions.Count; i++)
        {
            var vector = embedder.EmbedSparse(sparse.EncodeQuery(questions[i].Text));
            Normalize(vector, vectors.AsSpan(i * dimensions, dimensions));
        }

        return new ExampleIndex(questions.Select(q => q.ProcedureId).ToList(), vectors, dimensions, fingerprint);
    }

    /// <summary>
    /// Identifies a questions folder with the encoder that embeds it: an index file whose examples were built from
    /// other questions or by another encoder is stale.
    /// </summary>
    public static string FingerprintOf(string questionsFolder, string encoderFingerprint)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(encoderFingerprint));
        if (Directory.Exists(questionsFolder))
        {
            foreach (var file in Directory.EnumerateFiles(questionsFolder, "*.tsv").Order(StringComparer.Ordinal))
            {
                hash.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(file)));
                hash.AppendData(File.ReadAllBytes(file));
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }

    /// <summary>
    /// The procedures of the <paramref name="neighbours"/> examples nearest to <paramref name="query"/>, each scored by
    /// the sum of its neighbours' cosines divided by <paramref name="neighbours"/> (1 when all are the query itself),
    /// best first (ties by id). Out-of-scope neighbours take a place and vote for nothing, so a question among
    /// off-topic examples brings few votes.
    /// </summary>
    public List<IndexHit> Vote(ReadOnlySpan<float> query, int neighbours, int limit)
    {
        if (query.Length != Dimensions || neighbours <= 0 || limit <= 0 || Count == 0)
        {
            return [];
        }

        Span<float> unit = stackalloc float[Dimensions];
        Normalize(query, unit);
        neighbours = Math.Min(neighbours, Count);
        Span<float> bestScores = stackalloc float[neighbours];
        Span<int> bestRows = stackalloc int[neighbours];
        bestScores.Fill(float.NegativeInfinity);
        bestRows.Fill(-1);
        var rows = _vectors.AsSpan();
        for (var row = 0; row < Count; row++)
        {
            var score = Dot(unit, rows.Slice(row * Dimensions, Dimensions));
            if (score <= bestScores[^1])
            {
                continue;
            }

            // Insertion into the short sorted list of the best rows.
            var at = neighbours - 1;
            while (at > 0 && bestScores[at - 1] < score)
            {
                bestScores[at] = bestScores[at - 1];
                bestRows[at] = bestRows[at - 1];
                at--;
            }

            bestScores[at] = score;
            bestRows[at] = row;
        }

        var votes = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < neighbours; i++)
        {
            if (bestRows[i] >= 0 && _procedures[bestRows[i]] is { } procedure)
            {
                votes[procedure] = votes.GetValueOrDefault(procedure) + (bestScores[i] / neighbours);
            }
        }

        return votes
            .Select(kv => new IndexHit(kv.Key, kv.Value))
            .OrderByDescending(h => h.Score)
            .ThenBy(h => h.Id, StringComparer.Ordinal)
            .Take(limit)
            .ToList();
    }

    private static void Normalize(ReadOnlySpan<float> vector, Span<float> into)
    {
        var norm = Math.Sqrt(Dot(vector, vector));
        var scale = norm > 0 ? (float)(1 / norm) : 0f;
        for (var i = 0; i < vector.Length; i++)
        {
            into[i] = vector[i] * scale;
        }
    }

    /// <summary>A dot product in SIMD lanes: the vote reads every example on every search.</summary>
    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = Vector<float>.Zero;
        var i = 0;
        var lanes = Vector<float>.Count;
        for (; i <= a.Length - lanes; i += lanes)
        {
            sum += new Vector<float>(a[i..]) * new Vector<float>(b[i..]);
        }

        var result = Vector.Sum(sum);
        for (; i < a.Length; i++)
        {
            result += a[i] * b[i];
        }

        return result;
    }
}
