using MarocAssistant.Retrieval.Embedded;
using MarocAssistant.Retrieval.Search;
using MarocAssistant.Testing;
using Xunit;

namespace MarocAssistant.Retrieval.Tests;

public sealed class ProcedureSearchFactoryTests
{
    [Fact]
    public async Task CreateAsync_RepositoryCorpus_FindsProceduresAcrossScripts()
    {
        var options = Options();
        try
        {
            var search = await ProcedureSearchFactory.CreateAsync(options, cancellationToken: TestContext.Current.CancellationToken);

            var arabizi = await search.SearchAsync(new SearchQuery("bghit ndir lbasbor awel mra"), TestContext.Current.CancellationToken);
            var arabic = await search.SearchAsync(new SearchQuery("بغيت ندير الباسبور"), TestContext.Current.CancellationToken);

            Assert.Contains("passport-first", arabizi.Candidates.Take(3).Select(c => c.ProcedureId));
            Assert.Contains("passport-first", arabic.Candidates.Take(3).Select(c => c.ProcedureId));
        }
        finally
        {
            File.Delete(options.IndexPath);
        }
    }

    [Fact]
    public async Task BuildIndexFileAsync_ThenCreate_LoadsTheFreshFile()
    {
        Requirements.SkipUnless(Directory.Exists(Path.Combine(RepoPaths.Corpus, "procedures")), "corpus/procedures is missing");
        var options = Options();
        try
        {
            var (documents, metadata) = await ProcedureSearchFactory.BuildIndexFileAsync(options, null, cancellationToken: TestContext.Current.CancellationToken);
            var loaded = EmbeddedIndexFile.TryLoad(options.IndexPath);

            Assert.NotNull(loaded);
            Assert.Equal(documents.Count, loaded.Value.Documents.Count);
            Assert.Equal(metadata.CorpusFingerprint, loaded.Value.Metadata.CorpusFingerprint);
            Assert.Equal("sparse", loaded.Value.Metadata.Calibration.Mode);
        }
        finally
        {
            File.Delete(options.IndexPath);
        }
    }

    [Fact]
    public async Task CreateAsync_QdrantWithoutIndex_Throws()
    {
        var options = Options();
        options.Backend = RetrievalBackend.Qdrant;

        await Assert.ThrowsAsync<InvalidOperationException>(() => ProcedureSearchFactory.CreateAsync(options, cancellationToken: TestContext.Current.CancellationToken));
    }

    private static RetrievalOptions Options() => new()
    {
        CorpusPath = RepoPaths.Corpus,
        ModelsPath = Path.Combine(Path.GetTempPath(), "no-models"),
        IndexPath = Path.Combine(Path.GetTempPath(), $"maroc-{Guid.NewGuid():N}.index"),
        UseDense = false,
    };
}
