using MarocAssistant.Retrieval.Embedded;
using MarocAssistant.Retrieval.Index;
using MarocAssistant.Retrieval.Tests.Index;
using Xunit;

namespace MarocAssistant.Retrieval.Tests.Embedded;

/// <summary>The conformance suite on the embedded index.</summary>
public sealed class EmbeddedProcedureIndexTests : ProcedureIndexConformanceTests
{
    protected override Task<IProcedureIndex> CreateIndexAsync() => Task.FromResult<IProcedureIndex>(new EmbeddedProcedureIndex());
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
            var (read, readMetadata) = loaded.Value;
            Assert.Equal("abc", readMetadata.CorpusFingerprint);
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
