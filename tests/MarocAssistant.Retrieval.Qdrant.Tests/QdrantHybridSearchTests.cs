using MarocAssistant.Retrieval.Qdrant.Tests.Fake;
using MarocAssistant.Retrieval.Search;
using MarocAssistant.Testing;

namespace MarocAssistant.Retrieval.Qdrant.Tests;

public sealed class QdrantHybridSearchTests
{
    [Fact]
    public async Task CreateAsync_QdrantBackend_RanksLikeTheEmbeddedIndex()
    {
        await using var server = await FakeQdrantServer.StartAsync();
        using var qdrant = new QdrantProcedureIndex(new QdrantOptions { Endpoint = server.Endpoint, Collection = "procedures" });
        var indexPath = Path.Combine(Path.GetTempPath(), $"maroc-{Guid.NewGuid():N}.index");
        var embeddedOptions = new RetrievalOptions { CorpusPath = RepoPaths.Corpus, ModelsPath = "/nonexistent", IndexPath = indexPath, UseDense = false };
        var qdrantOptions = new RetrievalOptions { CorpusPath = RepoPaths.Corpus, ModelsPath = "/nonexistent", IndexPath = indexPath, UseDense = false, Backend = RetrievalBackend.Qdrant };
        try
        {
            var embedded = await ProcedureSearchFactory.CreateAsync(embeddedOptions, cancellationToken: TestContext.Current.CancellationToken);
            var remote = await ProcedureSearchFactory.CreateAsync(qdrantOptions, qdrant, cancellationToken: TestContext.Current.CancellationToken);

            Assert.Equal("qdrant", remote.Index.BackendName);
            foreach (var question in new[] { "bghit njded lbasbor dyali", "البطاقة الوطنية ضاعت ليا", "extrait de casier judiciaire", "register a used car" })
            {
                var expected = await embedded.SearchAsync(new SearchQuery(question), TestContext.Current.CancellationToken);
                var actual = await remote.SearchAsync(new SearchQuery(question), TestContext.Current.CancellationToken);

                Assert.Equal(expected.Candidates.Select(c => c.ProcedureId), actual.Candidates.Select(c => c.ProcedureId));
                Assert.Equal(expected.Confidence, actual.Confidence, 3);
            }

            // The searches went over gRPC to the fake and none was refused (no fallback to the embedded index).
            Assert.Contains(server.Calls, c => c.Method == "/qdrant.Points/QueryBatch");
            Assert.Empty(server.Failures);
        }
        finally
        {
            File.Delete(indexPath);
        }
    }
}
