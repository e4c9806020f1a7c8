using MarocAssistant.Retrieval.Embedded;
using MarocAssistant.Retrieval.Examples;
using MarocAssistant.Retrieval.Index;
using MarocAssistant.Retrieval.Tests.Index;
using Xunit;

namespace MarocAssistant.Retrieval.Tests.Embedded;

/// <summary>The conformance suite on the embedded index.</summary>
public sealed class EmbeddedProcedureIndexTests : ProcedureIndexConformanceTests
{
    protected override Task<IProcedureIndex> CreateIndexAsync() => Task.FromResult<IProcedureIndex>(new EmbeddedProcedureIndex());

    [Theory]
    [InlineData(1, 2, 1f)]
    [InlineData(2, 3, 1f)]
    [InlineData(3, 2, 2.5f)]
    [InlineData(0, 4, 0.5f)]
    public void Query_Hybrid_FusedScoresAreExactlyRrfOfThePrefetchedHits(int limit, int prefetch, float denseWeight)
    {
        var index = new EmbeddedProcedureIndex();
        index.Load(Documents, 4);
        var query = new HybridQuery(Sparse((1, 1f), (2, 0.5f), (5, 0.3f)), [0.5f, 0.5f, 0.5f, 0.2f], limit, prefetch, 2) { DenseWeight = denseWeight };

        var hits = index.Query(query);

        var expected = ReciprocalRankFusion.Fuse(
            [hits.Sparse.Take(prefetch).ToList(), hits.Dense.Take(prefetch).ToList()],
            denseWeight == 1f ? null : [1f, denseWeight],
            2,
            limit);
        Assert.Equal(expected, hits.Fused);
        Assert.Equal(Math.Min(limit, 4), hits.Fused.Count);
        Assert.Equal(Math.Max(prefetch, limit), hits.Sparse.Count);
    }

    [Fact]
    public async Task Query_ManyThreadsAtOnce_SameHitsAsOneByOne()
    {
        var index = new EmbeddedProcedureIndex();
        index.Load(Documents, 4);
        var queries = Enumerable.Range(0, 64)
            .Select(i => new HybridQuery(Sparse((1, 1f), ((uint)(2 + (i % 4)), 0.1f * i)), [i % 3, 1f, i % 5, 0.5f], 1 + (i % 4), 2 + (i % 3)))
            .ToArray();
        var expected = queries.Select(index.Query).ToArray();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => queries.Select(index.Query).ToArray(), TestContext.Current.CancellationToken)));

        foreach (var result in results)
        {
            for (var i = 0; i < queries.Length; i++)
            {
                Assert.Equal(expected[i].Fused, result[i].Fused);
                Assert.Equal(expected[i].Sparse, result[i].Sparse);
                Assert.Equal(expected[i].Dense, result[i].Dense);
            }
        }
    }
}

public sealed class EmbeddedIndexFileTests
{
    [Fact]
    public void Save_ThenTryLoad_RoundTripsDocumentsAndMetadata()
    {
        var path = Path.Combine(Path.GetTempPath(), $"maroc-{Guid.NewGuid():N}.index");
        IndexDocument[] documents =
        [
            new("a", "identity", ["fr", "ar"], [0.5f, 0.25f], new MarocAssistant.Retrieval.Sparse.SparseVector([3, 9], [1f, 2f])),
            new("b", "travel", ["en"], null, new MarocAssistant.Retrieval.Sparse.SparseVector([1], [0.5f])),
        ];
        var metadata = new IndexMetadata { CorpusFingerprint = "abc", EncoderFingerprint = "none", DenseDimensions = 2 };
        try
        {
            EmbeddedIndexFile.Save(path, documents, metadata);
            var loaded = EmbeddedIndexFile.TryLoad(path);

            Assert.NotNull(loaded);
            var (read, readMetadata, examples) = loaded.Value;
            Assert.Equal("abc", readMetadata.CorpusFingerprint);
            Assert.Null(examples);
            Assert.Equal(["a", "b"], read.Select(d => d.Id));
            Assert.Equal([0.5f, 0.25f], read[0].Dense!);
            Assert.Null(read[1].Dense);
            Assert.Equal([3u, 9u], read[0].Sparse.Indices);
            Assert.Equal([1f, 2f], read[0].Sparse.Values);
            Assert.Equal(["fr", "ar"], read[0].Languages);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Save_WithExamples_RoundTripsTheirProceduresAndVectors()
    {
        var path = Path.Combine(Path.GetTempPath(), $"maroc-{Guid.NewGuid():N}.index");
        IndexDocument[] documents = [new("a", "identity", ["fr"], [1f, 0f], new MarocAssistant.Retrieval.Sparse.SparseVector([3], [1f]))];
        var examples = new ExampleIndex(["a", null], [1f, 0f, 0f, 1f], 2, "questions-1");
        try
        {
            EmbeddedIndexFile.Save(path, documents, new IndexMetadata { DenseDimensions = 2 }, examples);
            var read = EmbeddedIndexFile.TryLoad(path)?.Examples;

            Assert.NotNull(read);
            Assert.Equal("questions-1", read.Fingerprint);
            Assert.Equal([null, "a"], read.Procedures);
            Assert.Equal([0f, 1f, 1f, 0f], read.Vectors.ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TryLoad_NotAnIndexFile_ReturnsNull()
    {
        var path = Path.Combine(Path.GetTempPath(), $"maroc-{Guid.NewGuid():N}.index");
        File.WriteAllText(path, "not an index");
        try
        {
            Assert.Null(EmbeddedIndexFile.TryLoad(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
