using System.Runtime.InteropServices;
using MarocAssistant.Retrieval.Index;
using MarocAssistant.Retrieval.Sparse;

namespace MarocAssistant.Retrieval.Embedded;

/// <summary>
/// The default index: every procedure in memory, searched exactly (at a few hundred points a scan beats any
/// graph). Sparse scores are IDF-weighted dot products over postings, dense scores cosine over normalised
/// vectors, fused as Qdrant fuses them. Reads are lock-free on an immutable snapshot; writes swap it.
/// </summary>
public sealed class EmbeddedProcedureIndex : IProcedureIndex
{
    private readonly Lock _writeLock = new();
    private volatile Snapshot _snapshot = Snapshot.Build([], 0);

    public string BackendName => "embedded";

    public int DenseDimensions => _snapshot.DenseDimensions;

    public IReadOnlyList<IndexDocument> Documents => _snapshot.Documents;

    public ValueTask EnsureCreatedAsync(int denseDimensions, bool recreate, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(denseDimensions);
        if (recreate || (_snapshot.Documents.Count == 0 && _snapshot.DenseDimensions != denseDimensions))
        {
            _snapshot = Snapshot.Build([], denseDimensions);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask UpsertAsync(IReadOnlyList<IndexDocument> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        lock (_writeLock)
        {
            var current = _snapshot;
            var byId = current.Documents.ToDictionary(d => d.Id, StringComparer.Ordinal);
            foreach (var document in documents)
            {
                if (document.Dense is not null && current.DenseDimensions > 0 && document.Dense.Length != current.DenseDimensions)
                {
                    throw new RetrievalBackendException(BackendName, "upsert", $"dense vector of {document.Id} has {document.Dense.Length} dimensions, the index {current.DenseDimensions}", false);
                }

                byId[document.Id] = document;
            }

            _snapshot = Snapshot.Build(byId.Values.OrderBy(d => d.Id, StringComparer.Ordinal).ToList(), current.DenseDimensions);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<long> CountAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult((long)_snapshot.Documents.Count);

    public ValueTask<HybridHits> QueryAsync(HybridQuery query, CancellationToken cancellationToken = default) => ValueTask.FromResult(Query(query));

    /// <summary>The synchronous search; the interface method only wraps it.</summary>
    public HybridHits Query(HybridQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var snapshot = _snapshot;
        var fetch = Math.Max(query.PrefetchLimit, query.Limit);
        var sparse = snapshot.SearchSparse(query.Sparse, query.Filter, fetch);
        if (query.Dense is null)
        {
            return new HybridHits(sparse.Take(query.Limit).ToList(), sparse, []);
        }

        var dense = snapshot.SearchDense(query.Dense, query.Filter, fetch);
        var fused = ReciprocalRankFusion.Fuse(
            [sparse.Take(query.PrefetchLimit).ToList(), dense.Take(query.PrefetchLimit).ToList()],
            query.DenseWeight == 1f ? null : [1f, query.DenseWeight],
            query.RrfK,
            query.Limit);
        return new HybridHits(fused, sparse, dense);
    }

    /// <summary>Replaces the whole content (used when loading a file).</summary>
    public void Load(IReadOnlyList<IndexDocument> documents, int denseDimensions)
    {
        ArgumentNullException.ThrowIfNull(documents);
        _snapshot = Snapshot.Build(documents.OrderBy(d => d.Id, StringComparer.Ordinal).ToList(), denseDimensions);
    }

    internal static float[] Normalized(float[] vector)
    {
        var norm = 0.0;
        foreach (var v in vector)
        {
            norm += v * v;
        }

        var scale = norm > 0 ? (float)(1 / Math.Sqrt(norm)) : 0f;
        var result = new float[vector.Length];
        for (var i = 0; i < vector.Length; i++)
        {
            result[i] = vector[i] * scale;
        }

        return result;
    }

    internal static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = 0f;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    private sealed class Snapshot
    {
        private readonly Dictionary<uint, (float Idf, (int Doc, float Value)[] Postings)> _postings;
        private readonly float[][] _dense;

        private Snapshot(List<IndexDocument> documents, int denseDimensions, Dictionary<uint, (float Idf, (int Doc, float Value)[] Postings)> postings, float[][] dense)
        {
            Documents = documents;
            DenseDimensions = denseDimensions;
            _postings = postings;
            _dense = dense;
        }

        public List<IndexDocument> Documents { get; }

        public int DenseDimensions { get; }

        public static Snapshot Build(List<IndexDocument> documents, int denseDimensions)
        {
            // Two passes (count, then fill from the back) so each posting list is allocated once at its size:
            // start-up builds some 10^5 postings.
            var counts = new Dictionary<uint, int>(documents.Sum(d => d.Sparse.Count) / 2);
            foreach (var document in documents)
            {
                foreach (var term in document.Sparse.Indices)
                {
                    CollectionsMarshal.GetValueRefOrAddDefault(counts, term, out _)++;
                }
            }

            var postings = new Dictionary<uint, (float Idf, (int Doc, float Value)[] Postings)>(counts.Count);
            foreach (var (term, count) in counts)
            {
                postings[term] = (Bm25.Idf(documents.Count, count), new (int, float)[count]);
            }

            for (var d = 0; d < documents.Count; d++)
            {
                var sparse = documents[d].Sparse;
                for (var i = 0; i < sparse.Count; i++)
                {
                    ref var left = ref CollectionsMarshal.GetValueRefOrNullRef(counts, sparse.Indices[i]);
                    postings[sparse.Indices[i]].Postings[--left] = (d, sparse.Values[i]);
                }
            }

            var dense = documents.Select(d => d.Dense is null ? [] : Normalized(d.Dense)).ToArray();
            return new Snapshot(documents, denseDimensions, postings, dense);
        }

        public List<IndexHit> SearchSparse(SparseVector query, IndexFilter? filter, int limit)
        {
            var scores = new float[Documents.Count];
            var touched = new bool[Documents.Count];
            for (var i = 0; i < query.Count; i++)
            {
                if (!_postings.TryGetValue(query.Indices[i], out var entry))
                {
                    continue;
                }

                var (idf, postings) = entry;
                var weight = query.Values[i] * idf;
                foreach (var (doc, value) in postings)
                {
                    scores[doc] += weight * value;
                    touched[doc] = true;
                }
            }

            return Top(scores, touched, filter, limit);
        }

        public List<IndexHit> SearchDense(float[] query, IndexFilter? filter, int limit)
        {
            var q = Normalized(query);
            var scores = new float[Documents.Count];
            var touched = new bool[Documents.Count];
            for (var d = 0; d < _dense.Length; d++)
            {
                var v = _dense[d];
                if (v.Length != q.Length)
                {
                    continue;
                }

                scores[d] = Dot(q, v);
                touched[d] = true;
            }

            return Top(scores, touched, filter, limit);
        }

        private List<IndexHit> Top(float[] scores, bool[] touched, IndexFilter? filter, int limit)
        {
            var hits = new List<IndexHit>();
            for (var d = 0; d < scores.Length; d++)
            {
                if (touched[d] && (filter is null || filter.Matches(Documents[d])))
                {
                    hits.Add(new IndexHit(Documents[d].Id, scores[d]));
                }
            }

            hits.Sort((a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : string.CompareOrdinal(a.Id, b.Id));
            if (hits.Count > limit)
            {
                hits.RemoveRange(limit, hits.Count - limit);
            }

            return hits;
        }
    }
}
