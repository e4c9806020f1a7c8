using MarocAssistant.Retrieval.Index;
using MarocAssistant.Retrieval.Sparse;
using Xunit;

namespace MarocAssistant.Retrieval.Tests.Index;

/// <summary>
/// The contract every <see cref="IProcedureIndex"/> backend must meet, run against each of them (embedded,
/// Qdrant through the strict fake, real Qdrant when QDRANT_URL is set). Expected values are computed here from
/// the definitions (IDF-weighted dot product, cosine, RRF), not read from a backend.
/// </summary>
public abstract class ProcedureIndexConformanceTests
{
    private const int Dims = 4;

    /// <summary>A fresh, empty index (each test gets its own collection).</summary>
    protected abstract Task<IProcedureIndex> CreateIndexAsync();

    [Fact]
    public async Task UpsertAsync_NewDocuments_AreCounted()
    {
        var index = await SeededAsync();

        Assert.Equal(Documents.Count, await index.CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task UpsertAsync_SameId_ReplacesThePoint()
    {
        var index = await SeededAsync();
        var replaced = Documents[0] with { Sparse = Sparse((900, 1f)) };

        await index.UpsertAsync([replaced], TestContext.Current.CancellationToken);
        var hits = await index.QueryAsync(new HybridQuery(Sparse((900, 1f)), null, 5), TestContext.Current.CancellationToken);

        Assert.Equal(Documents.Count, await index.CountAsync(TestContext.Current.CancellationToken));
        Assert.Equal(["cnie-first"], hits.Sparse.Select(h => h.Id));
    }

    [Fact]
    public async Task QueryAsync_Sparse_ScoresIdfWeightedDotProduct()
    {
        var index = await SeededAsync();
        var query = Sparse((1, 1f), (2, 0.5f), (3, 2f));

        var hits = await index.QueryAsync(new HybridQuery(query, null, 10), TestContext.Current.CancellationToken);

        var expected = ExpectedSparse(query);
        Assert.Equal(expected.Select(e => e.Id), hits.Sparse.Select(h => h.Id));
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Score, hits.Sparse[i].Score, 3);
        }

        Assert.Equal(expected.Select(e => e.Id), hits.Fused.Select(h => h.Id));
        Assert.Empty(hits.Dense);
    }

    [Fact]
    public async Task QueryAsync_RareTerm_OutweighsCommonTerm()
    {
        var index = await SeededAsync();

        // Term 1 is in every document, term 4 only in one: same query weight, very different IDF.
        var hits = await index.QueryAsync(new HybridQuery(Sparse((1, 1f), (4, 1f)), null, 3), TestContext.Current.CancellationToken);

        Assert.Equal("cnie-lost", hits.Sparse[0].Id);
    }

    [Fact]
    public async Task QueryAsync_Dense_RanksByCosine()
    {
        var index = await SeededAsync();
        float[] query = [0.9f, 0.1f, 0f, 0.2f];

        var hits = await index.QueryAsync(new HybridQuery(Sparse((1, 1f)), query, 5), TestContext.Current.CancellationToken);

        var expected = Documents
            .Select(d => (d.Id, Score: Cosine(query, d.Dense!)))
            .OrderByDescending(e => e.Score)
            .ToList();
        Assert.Equal(expected.Select(e => e.Id), hits.Dense.Select(h => h.Id));
        Assert.Equal(expected[0].Score, hits.Dense[0].Score, 4);
    }

    [Theory]
    [InlineData(2, 1f)]
    [InlineData(60, 1f)]
    [InlineData(2, 3f)]
    public async Task QueryAsync_Hybrid_FusesBranchesByReciprocalRank(int k, float denseWeight)
    {
        var index = await SeededAsync();
        var sparse = Sparse((2, 1f), (3, 1f));
        float[] dense = [0f, 1f, 0.2f, 0f];

        var hits = await index.QueryAsync(new HybridQuery(sparse, dense, 3, 10, k) { DenseWeight = denseWeight }, TestContext.Current.CancellationToken);

        var expected = ReciprocalRankFusion.Fuse([hits.Sparse, hits.Dense], denseWeight == 1f ? null : [1f, denseWeight], k, 3);
        Assert.Equal(expected.Select(e => e.Id), hits.Fused.Select(h => h.Id));
        Assert.Equal(expected[0].Score, hits.Fused[0].Score, 4);
    }

    [Fact]
    public async Task QueryAsync_CategoryFilter_ReturnsOnlyThatCategory()
    {
        var index = await SeededAsync();
        var query = new HybridQuery(Sparse((1, 1f)), [1f, 0f, 0f, 0f], 10, Filter: new IndexFilter(Category: "travel"));

        var hits = await index.QueryAsync(query, TestContext.Current.CancellationToken);

        Assert.Equal(["passport-first"], hits.Fused.Select(h => h.Id));
        Assert.Equal(["passport-first"], hits.Sparse.Select(h => h.Id));
        Assert.Equal(["passport-first"], hits.Dense.Select(h => h.Id));
    }

    [Fact]
    public async Task QueryAsync_LanguageFilter_MatchesAnyListedLanguage()
    {
        var index = await SeededAsync();
        var query = new HybridQuery(Sparse((1, 1f)), null, 10, Filter: new IndexFilter(Language: "en"));

        var hits = await index.QueryAsync(query, TestContext.Current.CancellationToken);

        Assert.Equal(["cnie-first", "passport-first"], hits.Sparse.Select(h => h.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task QueryAsync_NoSharedTerm_FindsNothingSparse()
    {
        var index = await SeededAsync();

        var hits = await index.QueryAsync(new HybridQuery(Sparse((12345, 1f)), null, 5), TestContext.Current.CancellationToken);

        Assert.Empty(hits.Sparse);
        Assert.Empty(hits.Fused);
    }

    [Fact]
    public async Task EnsureCreatedAsync_Recreate_EmptiesTheIndex()
    {
        var index = await SeededAsync();

        await index.EnsureCreatedAsync(Dims, recreate: true, TestContext.Current.CancellationToken);

        Assert.Equal(0, await index.CountAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>Four procedures with hand-made vectors: term 1 everywhere, term 4 rare.</summary>
    protected static IReadOnlyList<IndexDocument> Documents { get; } =
    [
        new("cnie-first", "identity", ["fr", "ar", "en"], [1f, 0f, 0f, 0f], Sparse((1, 1f), (2, 1.5f), (3, 0.5f))),
        new("cnie-lost", "identity", ["fr", "ar"], [0.6f, 0.8f, 0f, 0f], Sparse((1, 0.8f), (3, 1.2f), (4, 1f))),
        new("passport-first", "travel", ["fr", "en"], [0f, 0f, 1f, 0f], Sparse((1, 1.1f), (5, 2f))),
        new("residence-certificate", "certificates", ["ar", "ary"], [0f, 0.7f, 0.1f, 0.7f], Sparse((1, 0.2f), (2, 0.7f), (5, 0.1f))),
    ];

    protected static SparseVector Sparse(params (uint Index, float Value)[] entries) =>
        new(entries.Select(e => e.Index).ToArray(), entries.Select(e => e.Value).ToArray());

    private async Task<IProcedureIndex> SeededAsync()
    {
        var index = await CreateIndexAsync();
        await index.EnsureCreatedAsync(Dims, recreate: true, TestContext.Current.CancellationToken);
        await index.UpsertAsync(Documents, TestContext.Current.CancellationToken);
        return index;
    }

    private static List<IndexHit> ExpectedSparse(SparseVector query)
    {
        var n = Documents.Count;
        var hits = new List<IndexHit>();
        foreach (var document in Documents)
        {
            double score = 0;
            var any = false;
            for (var i = 0; i < query.Count; i++)
            {
                var at = Array.IndexOf(document.Sparse.Indices, query.Indices[i]);
                if (at < 0)
                {
                    continue;
                }

                var df = Documents.Count(d => d.Sparse.Indices.Contains(query.Indices[i]));
                score += query.Values[i] * Math.Log(((n - df + 0.5) / (df + 0.5)) + 1) * document.Sparse.Values[at];
                any = true;
            }

            if (any)
            {
                hits.Add(new IndexHit(document.Id, score));
            }
        }

        return hits.OrderByDescending(h => h.Score).ToList();
    }

    private static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }

        return dot / Math.Sqrt(na * nb);
    }
}
