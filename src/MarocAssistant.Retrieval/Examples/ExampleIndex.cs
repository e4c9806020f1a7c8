using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;
using System.Text;
using MarocAssistant.Retrieval.Corpus;
using MarocAssistant.Retrieval.Dense;
using MarocAssistant.Retrieval.Embedded;
using MarocAssistant.Retrieval.Index;

namespace MarocAssistant.Retrieval.Examples;

/// <summary>
/// The training questions of <c>corpus/questions</c> as unit vectors of the trained encoder, each with its procedure
/// (none for an out-of-scope question). A question near several questions of one procedure is about that procedure
/// even when it is far from the procedure's single prototype: the encoder's prototypes are linear, the questions'
/// neighbourhoods are not. Searched exactly, among the examples of the procedures a search's branches found. Thread-safe.
/// </summary>
public sealed class ExampleIndex
{
    private readonly string?[] _procedures;
    private readonly float[] _vectors;

    // Where each procedure's examples are among the rows, and the out-of-scope ones: a search reads only the examples
    // of the procedures its branches found, and the out-of-scope ones (reading all 10,772 rows cost 150-200 µs a search
    // on the development machine, the candidates' 1,700 or so 20-40 µs).
    private readonly Dictionary<string, (int Start, int Count)> _ranges = new(StringComparer.Ordinal);
    private readonly List<(int Start, int Count)> _outOfScope = [];

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

        // Rows grouped by procedure (a stable sort: the order of each procedure's questions is kept).
        var order = Enumerable.Range(0, procedures.Count).OrderBy(i => procedures[i] ?? "", StringComparer.Ordinal).ToArray();
        _procedures = order.Select(i => procedures[i]).ToArray();
        _vectors = new float[vectors.Length];
        for (var row = 0; row < order.Length; row++)
        {
            vectors.AsSpan(order[row] * dimensions, dimensions).CopyTo(_vectors.AsSpan(row * dimensions, dimensions));
        }

        for (var start = 0; start < _procedures.Length;)
        {
            var end = start;
            while (end < _procedures.Length && _procedures[end] == _procedures[start])
            {
                end++;
            }

            if (_procedures[start] is { } id)
            {
                _ranges[id] = (start, end - start);
            }
            else
            {
                _outOfScope.Add((start, end - start));
            }

            start = end;
        }

        Dimensions = dimensions;
        Fingerprint = fingerprint;
    }

    public int Count => _procedures.Length;

    public int Dimensions { get; }

    public string Fingerprint { get; }

    /// <summary>Each example's procedure id (null when out of scope), in the order of the vectors.</summary>
    public IReadOnlyList<string?> Procedures => _procedures;

    /// <summary>The unit vectors, row after row, in the order of <see cref="Procedures"/>.</summary>
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
            EmbeddedProcedureIndex.Normalize(vector, vectors.AsSpan(i * dimensions, dimensions));
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
    /// The procedures of the <paramref name="neighbours"/> examples nearest to <paramref name="query"/> among the
    /// examples of <paramref name="candidates"/> (a repeated one is read once) and the out-of-scope ones, each scored by
    /// the sum of its neighbours' cosines divided by <paramref name="neighbours"/> (1 when all are the query itself), best
    /// first (ties by id). Out-of-scope neighbours take a place and vote for nothing, so a question among off-topic
    /// examples brings few votes.
    /// </summary>
    public List<IndexHit> Vote(ReadOnlySpan<float> query, IReadOnlyList<string> candidates, int neighbours, int limit)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        if (query.Length != Dimensions || neighbours <= 0 || limit <= 0 || Count == 0)
        {
            return [];
        }

        Span<float> unit = stackalloc float[Dimensions];
        EmbeddedProcedureIndex.Normalize(query, unit);
        neighbours = Math.Min(neighbours, Count);
        Span<float> bestScores = stackalloc float[neighbours];
        Span<int> bestRows = stackalloc int[neighbours];
        bestScores.Fill(float.NegativeInfinity);
        bestRows.Fill(-1);
        foreach (var range in _outOfScope)
        {
            Nearest(unit, range, bestScores, bestRows);
        }

        for (var c = 0; c < candidates.Count; c++)
        {
            // A procedure found by both branches is read once: reading its rows twice would count its votes twice.
            if (!Earlier(candidates, c) && _ranges.TryGetValue(candidates[c], out var range))
            {
                Nearest(unit, range, bestScores, bestRows);
            }
        }

        // A handful of neighbours: their votes are summed in a short list rather than a dictionary.
        var votes = new List<IndexHit>(neighbours);
        for (var i = 0; i < neighbours; i++)
        {
            if (bestRows[i] < 0 || _procedures[bestRows[i]] is not { } procedure)
            {
                continue;
            }

            var vote = bestScores[i] / neighbours;
            var at = IndexOf(votes, procedure);
            if (at >= 0)
            {
                votes[at] = votes[at] with { Score = votes[at].Score + vote };
            }
            else
            {
                votes.Add(new IndexHit(procedure, vote));
            }
        }

        votes.Sort((a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : string.CompareOrdinal(a.Id, b.Id));
        if (votes.Count > limit)
        {
            votes.RemoveRange(limit, votes.Count - limit);
        }

        return votes;
    }

    // A loop rather than FindIndex with a lambda: no closure per neighbour on every search.
    private static int IndexOf(List<IndexHit> votes, string procedure)
    {
        for (var i = 0; i < votes.Count; i++)
        {
            if (string.Equals(votes[i].Id, procedure, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool Earlier(IReadOnlyList<string> candidates, int index)
    {
        for (var i = 0; i < index; i++)
        {
            if (string.Equals(candidates[i], candidates[index], StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Keeps the best rows of a range in the short sorted lists (best first).</summary>
    private void Nearest(ReadOnlySpan<float> unit, (int Start, int Count) range, Span<float> bestScores, Span<int> bestRows)
    {
        for (var row = range.Start; row < range.Start + range.Count; row++)
        {
            var score = Dot(unit, _vectors.AsSpan(row * Dimensions, Dimensions));
            if (score <= bestScores[^1])
            {
                continue;
            }

            var at = bestScores.Length - 1;
            while (at > 0 && bestScores[at - 1] < score)
            {
                bestScores[at] = bestScores[at - 1];
                bestRows[at] = bestRows[at - 1];
                at--;
            }

            bestScores[at] = score;
            bestRows[at] = row;
        }
    }

    /// <summary>
    /// A dot product of two vectors of the same length, eight lanes at a time in four independent sums (one running sum
    /// waits on its own additions): called once per example read, where a general-purpose call cost twice as much.
    /// </summary>
    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        ref var left = ref MemoryMarshal.GetReference(a);
        ref var right = ref MemoryMarshal.GetReference(b);
        var lanes = Vector256<float>.Count;
        Vector256<float> s0 = Vector256<float>.Zero, s1 = s0, s2 = s0, s3 = s0;
        var i = 0;
        for (; i <= a.Length - (4 * lanes); i += 4 * lanes)
        {
            s0 += Vector256.LoadUnsafe(ref left, (nuint)i) * Vector256.LoadUnsafe(ref right, (nuint)i);
            s1 += Vector256.LoadUnsafe(ref left, (nuint)(i + lanes)) * Vector256.LoadUnsafe(ref right, (nuint)(i + lanes));
            s2 += Vector256.LoadUnsafe(ref left, (nuint)(i + (2 * lanes))) * Vector256.LoadUnsafe(ref right, (nuint)(i + (2 * lanes)));
            s3 += Vector256.LoadUnsafe(ref left, (nuint)(i + (3 * lanes))) * Vector256.LoadUnsafe(ref right, (nuint)(i + (3 * lanes)));
        }

        var result = Vector256.Sum((s0 + s1) + (s2 + s3));
        for (; i < a.Length; i++)
        {
            result += Unsafe.Add(ref left, i) * Unsafe.Add(ref right, i);
        }

        return result;
    }
}
