using System.Text.Json.Nodes;
using MarocAssistant.Retrieval.Index;
using MarocAssistant.Retrieval.Qdrant.Tests.Fake;
using MarocAssistant.Retrieval.Sparse;
using Xunit;

namespace MarocAssistant.Retrieval.Qdrant.Tests;

public sealed class QdrantProcedureIndexTests
{
    [Fact]
    public async Task EnsureCreatedAsync_NewCollection_SendsNamedDenseSparseIdfAndPayloadIndexes()
    {
        await using var server = await FakeQdrantServer.StartAsync();
        using var index = Index(server);

        await index.EnsureCreatedAsync(8, recreate: false, TestContext.Current.CancellationToken);

        var create = server.Requests.Single(r => r.Method == "PUT" && r.PathAndQuery == "/collections/procedures");
        var body = JsonNode.Parse(create.Body)!;
        Assert.Equal(8, body["vectors"]!["dense"]!["size"]!.GetValue<int>());
        Assert.Equal("Cosine", body["vectors"]!["dense"]!["distance"]!.GetValue<string>());
        Assert.Equal("idf", body["sparse_vectors"]!["sparse"]!["modifier"]!.GetValue<string>());
        var indexes = server.Requests.Where(r => r.PathAndQuery == "/collections/procedures/index?wait=true").Select(r => JsonNode.Parse(r.Body)!["field_name"]!.GetValue<string>());
        Assert.Equal(["language", "category"], indexes);
        Assert.Empty(server.ValidationErrors);
    }

    [Fact]
    public async Task UpsertAsync_Documents_UseUuidV5IdsAndWaitTrue()
    {
        await using var server = await FakeQdrantServer.StartAsync();
        using var index = Index(server);
        await index.EnsureCreatedAsync(2, recreate: false, TestContext.Current.CancellationToken);

        await index.UpsertAsync([new IndexDocument("cnie-first", "identity", ["fr"], [1f, 0f], new SparseVector([7], [1f]))], TestContext.Current.CancellationToken);

        var upsert = server.Requests.Single(r => r.Method == "PUT" && r.PathAndQuery.StartsWith("/collections/procedures/points", StringComparison.Ordinal));
        Assert.Equal("/collections/procedures/points?wait=true", upsert.PathAndQuery);
        var point = JsonNode.Parse(upsert.Body)!["points"]![0]!;
        Assert.Equal(PointIds.ForProcedure("cnie-first").ToString(), point["id"]!.GetValue<string>());
        Assert.Equal("cnie-first", point["payload"]!["procedure_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task QueryAsync_Hybrid_SendsOneBatchWithTwoPrefetchesAndRrf()
    {
        await using var server = await FakeQdrantServer.StartAsync();
        using var index = Index(server);
        await index.EnsureCreatedAsync(2, recreate: false, TestContext.Current.CancellationToken);
        await index.UpsertAsync([new IndexDocument("a", "identity", ["fr"], [1f, 0f], new SparseVector([7], [1f]))], TestContext.Current.CancellationToken);

        var hits = await index.QueryAsync(new HybridQuery(new SparseVector([7], [1f]), [1f, 0f], 3), TestContext.Current.CancellationToken);

        Assert.Equal("a", hits.Fused[0].Id);
        var query = server.Requests.Single(r => r.PathAndQuery == "/collections/procedures/points/query/batch");
        var fused = JsonNode.Parse(query.Body)!["searches"]![0]!;
        Assert.Equal("rrf", fused["query"]!["fusion"]!.GetValue<string>());
        Assert.Equal(["sparse", "dense"], fused["prefetch"]!.AsArray().Select(p => p!["using"]!.GetValue<string>()));
        Assert.Empty(server.ValidationErrors);
    }

    [Fact]
    public async Task QueryAsync_TransientFailures_AreRetriedWithBackoff()
    {
        await using var server = await FakeQdrantServer.StartAsync();
        using var index = Index(server, retries: 3);
        await index.EnsureCreatedAsync(2, recreate: false, TestContext.Current.CancellationToken);
        server.FailNext(2, 503);

        var count = await index.CountAsync(TestContext.Current.CancellationToken);

        Assert.Equal(0, count);
        Assert.Equal(3, server.Requests.Count(r => r.PathAndQuery.EndsWith("/points/count", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task QueryAsync_TooManyFailures_ThrowsBackendNeutralError()
    {
        await using var server = await FakeQdrantServer.StartAsync();
        using var index = Index(server, retries: 1);
        await index.EnsureCreatedAsync(2, recreate: false, TestContext.Current.CancellationToken);
        server.FailNext(5, 503);

        var error = await Assert.ThrowsAsync<RetrievalBackendException>(() => index.CountAsync(TestContext.Current.CancellationToken).AsTask());

        Assert.True(error.IsTransient);
        Assert.Equal("qdrant", error.Backend);
        Assert.Contains("503", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CountAsync_MissingCollection_IsNotRetried()
    {
        await using var server = await FakeQdrantServer.StartAsync();
        using var index = Index(server, retries: 3);

        var error = await Assert.ThrowsAsync<RetrievalBackendException>(() => index.CountAsync(TestContext.Current.CancellationToken).AsTask());

        Assert.False(error.IsTransient);
        Assert.Contains("doesn't exist", error.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task CountAsync_NoServer_ThrowsTransientBackendError()
    {
        using var index = new QdrantProcedureIndex(new QdrantOptions { Url = new Uri("http://127.0.0.1:9/"), MaxRetries = 1, InitialBackoff = TimeSpan.FromMilliseconds(1) });

        var error = await Assert.ThrowsAsync<RetrievalBackendException>(() => index.CountAsync(TestContext.Current.CancellationToken).AsTask());

        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task Requests_WrongApiKey_AreRefused()
    {
        await using var server = await FakeQdrantServer.StartAsync(apiKey: "right");
        using var index = new QdrantProcedureIndex(new QdrantOptions { Url = server.Url, ApiKey = "wrong", Collection = "procedures", MaxRetries = 0 });

        var error = await Assert.ThrowsAsync<RetrievalBackendException>(() => index.EnsureCreatedAsync(2, false, TestContext.Current.CancellationToken).AsTask());

        Assert.Contains("401", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ForProcedure_KnownName_IsStableRfcUuidV5()
    {
        // RFC 9562 Appendix A.4 test vector: DNS namespace, "www.example.com".
        var dns = new Guid("6ba7b810-9dad-11d1-80b4-00c04fd430c8");

        Assert.Equal(new Guid("2ed6657d-e927-568b-95e1-2665a8aea6a2"), PointIds.Version5(dns, "www.example.com"));
        Assert.Equal(PointIds.ForProcedure("cnie-first"), PointIds.ForProcedure("cnie-first"));
        Assert.NotEqual(PointIds.ForProcedure("cnie-first"), PointIds.ForProcedure("cnie-lost"));
    }

    [Fact]
    public void Validate_BadOptions_ListsProblems()
    {
        var errors = new QdrantOptions { Url = null, Collection = "bad name!", MaxRetries = -1 }.Validate();

        Assert.Equal(3, errors.Count);
    }

    private static QdrantProcedureIndex Index(FakeQdrantServer server, int retries = 0) =>
        new(new QdrantOptions { Url = server.Url, ApiKey = server.ApiKey, Collection = "procedures", MaxRetries = retries, InitialBackoff = TimeSpan.FromMilliseconds(5) });
}
