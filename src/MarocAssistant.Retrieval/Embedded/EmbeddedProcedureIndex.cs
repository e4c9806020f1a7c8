using System.Buffers;
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
        return _snapshot.Search(query);
    }

    /// <summary>Replaces the whole content (used when loading a file).</summary>
    public void Load(IReadOnlyList<IndexDocument> documents, int denseDimensions)
    {
        ArgumentNullException.ThrowIfNull(documents);
        _snapshot = Snapshot.Build(documents.OrderBy(d => d.Id, StringComparer.Ordinal).ToList(), denseDimensions);
    }

    internal static float[] Normalized(float[] vector)
    {
        var result = new float[vector.Length];
        Normalize(vector, result);
        return result;
    }

    /// <summary>Writes the unit vector of <paramref name="vector"/> (zeros for a zero vector) into <paramref name="into"/>.</summary>
    internal static void Normalize(ReadOnlySpan<float> vector, Span<float> into)
    {
        var norm = 0.0;
        foreach (var v in vector)
        {
            norm += v * v;
        }

        var scale = norm > 0 ? (float)(1 / Math.Sqrt(norm)) : 0f;
        for (var i = 0; i < vector.Length; i++)
        {
            into[i] = vector[i] * scale;
        }
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

        /// <summary>
        /// Both branches and their fusion. Per-document scores and rankings live in pooled arrays, indexed by
        /// document; only the hits returned are allocated.
        /// </summary>
        public HybridHits Search(HybridQuery query)
        {
            var fetch = Math.Max(query.PrefetchLimit, query.Limit);
            var sparseRanking = ArrayPool<int>.Shared.Rent(Documents.Count);
            var denseRanking = ArrayPool<int>.Shared.Rent(Documents.Count);
            try
            {
                var sparse = SearchSparse(query.Sparse, query.Filter, fetch, sparseRanking);
                if (query.Dense is null)
                {
                    return new HybridHits(sparse.GetRange(0, Math.Clamp(query.Limit, 0, sparse.Count)), sparse, []);
                }

                var dense = SearchDense(query.Dense, query.Filter, fetch, denseRanking);
                var fused = Fuse(
                    sparseRanking.AsSpan(0, Math.Clamp(query.PrefetchLimit, 0, sparse.Count)),
                    denseRanking.AsSpan(0, Math.Clamp(query.PrefetchLimit, 0, dense.Count)),
                    query.DenseWeight,
                    query.RrfK,
                    query.Limit);
                return new HybridHits(fused, sparse, dense);
            }
            finally
            {
                ArrayPool<int>.Shared.Return(sparseRanking);
                ArrayPool<int>.Shared.Return(denseRanking);
            }
        }

        /// <summary>The sparse branch; <paramref name="ranking"/> receives the documents of the hits, in order.</summary>
        private List<IndexHit> SearchSparse(SparseVector query, IndexFilter? filter, int limit, Span<int> ranking)
        {
            var count = Documents.Count;
            var sums = ArrayPool<float>.Shared.Rent(count);
            var scores = ArrayPool<double>.Shared.Rent(count);
            var touched = ArrayPool<bool>.Shared.Rent(count);
            try
            {
                Array.Clear(sums, 0, count);
                Array.Clear(touched, 0, count);
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
                        sums[doc] += weight * value;
                        touched[doc] = true;
                    }
                }

                // Summed in single precision as always; ranked and reported as double, like IndexHit.Score.
                for (var d = 0; d < count; d++)
                {
                    scores[d] = sums[d];
                }

                return Top(scores, touched, filter, limit, ranking);
            }
            finally
            {
                ArrayPool<float>.Shared.Return(sums);
                ArrayPool<double>.Shared.Return(scores);
                ArrayPool<bool>.Shared.Return(touched);
            }
        }

        /// <summary>The dense branch; <paramref name="ranking"/> receives the documents of the hits, in order.</summary>
        private List<IndexHit> SearchDense(float[] query, IndexFilter? filter, int limit, Span<int> ranking)
        {
            var count = Documents.Count;
            var unit = ArrayPool<float>.Shared.Rent(query.Length);
            var scores = ArrayPool<double>.Shared.Rent(count);
            var touched = ArrayPool<bool>.Shared.Rent(count);
            try
            {
                var q = unit.AsSpan(0, query.Length);
                Normalize(query, q);
                Array.Clear(touched, 0, count);
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

                return Top(scores, touched, filter, limit, ranking);
            }
            finally
            {
                ArrayPool<float>.Shared.Return(unit);
                ArrayPool<double>.Shared.Return(scores);
                ArrayPool<bool>.Shared.Return(touched);
            }
        }

        /// <summary>
        /// Reciprocal-rank fusion of the two branches' rankings (documents, best first), exactly as
        /// <see cref="ReciprocalRankFusion.Fuse"/> computes it on their hits: sparse weighs 1, dense <paramref name="denseWeight"/>.
        /// </summary>
        private List<IndexHit> Fuse(ReadOnlySpan<int> sparse, ReadOnlySpan<int> dense, float denseWeight, int k, int limit)
        {
            var count = Documents.Count;
            var scores = ArrayPool<double>.Shared.Rent(count);
            var touched = ArrayPool<bool>.Shared.Rent(count);
            var ranking = ArrayPool<int>.Shared.Rent(count);
            try
            {
                Array.Clear(scores, 0, count);
                Array.Clear(touched, 0, count);
                for (var rank = 0; rank < sparse.Length; rank++)
                {
                    scores[sparse[rank]] += ReciprocalRankFusion.Contribution(rank, 1.0, k);
                    touched[sparse[rank]] = true;
                }

                for (var rank = 0; rank < dense.Length; rank++)
                {
                    scores[dense[rank]] += ReciprocalRankFusion.Contribution(rank, denseWeight, k);
                    touched[dense[rank]] = true;
                }

                return Top(scores, touched, null, limit, ranking);
            }
            finally
            {
                ArrayPool<double>.Shared.Return(scores);
                ArrayPool<bool>.Shared.Return(touched);
                ArrayPool<int>.Shared.Return(ranking);
            }
        }

        /// <summary>
        /// The first <paramref name="limit"/> touched documents that pass the filter, best score first, ties by id;
        /// <paramref name="ranking"/> receives their document numbers in the same order.
        /// </summary>
        private List<IndexHit> Top(double[] scores, bool[] touched, IndexFilter? filter, int limit, Span<int> ranking)
        {
            // Only the first `limit` are wanted: each document is inserted into a sorted prefix of that length, which
            // costs far less than sorting every touched document (most fall below the last kept one at once).
            var order = new BestFirst(scores, Documents);
            var take = 0;
            var keep = Math.Max(limit, 0);
            for (var d = 0; d < Documents.Count; d++)
            {
                if (!touched[d] || (filter is not null && !filter.Matches(Documents[d])))
                {
                    continue;
                }

                if (take == keep && (keep == 0 || order.Compare(d, ranking[take - 1]) >= 0))
                {
                    continue;
                }

                var at = take < keep ? take++ : take - 1;
                while (at > 0 && order.Compare(d, ranking[at - 1]) < 0)
                {
                    ranking[at] = ranking[at - 1];
                    at--;
                }

                ranking[at] = d;
            }

            var hits = new List<IndexHit>(take);
            for (var i = 0; i < take; i++)
            {
                hits.Add(new IndexHit(Documents[ranking[i]].Id, scores[ranking[i]]));
            }

            return hits;
        }
    }

    /// <summary>Orders document numbers by score, highest first, then by id (ordinal).</summary>
    private readonly struct BestFirst(double[] scores, List<IndexDocument> documents) : IComparer<int>
    {
        public int Compare(int a, int b) =>
            scores[b] != scores[a] ? scores[b].CompareTo(scores[a]) : string.CompareOrdinal(documents[a].Id, documents[b].Id);
    }
}
