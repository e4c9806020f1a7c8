using Grpc.Core;
using MarocAssistant.Retrieval.Index;
using MarocAssistant.Retrieval.Qdrant.Tests.Fake;
using MarocAssistant.Retrieval.Sparse;
using Wire = MarocAssistant.Retrieval.Qdrant.Tests.Fake.Grpc;

namespace MarocAssistant.Retrieval.Qdrant.Tests;

/// <summary>What the backend sends over gRPC (as the fake server decoded it), its retries and its errors.</summary>
public sealed class QdrantProcedureIndexTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EnsureCreatedAsync_NewCollection_SendsNamedDenseSparseIdfAndPayloadIndexes()
    {
        await using var server = await FakeQdrantServer.StartAsync();
        using var index = Index(server);

        await index.EnsureCreatedAsync(8, recreate: false, Ct);

        var create = Assert.Single(server.Requests<Wire.CreateCollection>());
        Assert.Equal("procedures", create.CollectionName);
        var dense = create.VectorsConfig.ParamsMap.Map["dense"];
        Assert.Equal(8ul, dense.Size);
        Assert.Equal(Wire.Distance.Cosine, dense.Distance);
        Assert.Equal(Wire.Modifier.Idf, create.SparseVectorsConfig.Map["sparse"].Modifier);

        // Shards and replication stay the server's defaults (auto sharding in a cluster).
        Assert.False(create.HasShardNumber);
        Assert.False(create.HasReplicationFactor);
        var indexes = server.Requests<Wire.CreateFieldIndexCollection>();
        Assert.Equal(["language", "category"], indexes.Select(i => i.FieldName));
        Assert.All(indexes, i => Assert.True(i.Wait));
        Assert.All(indexes, i => Assert.Equal(Wire.FieldType.Keyword, i.FieldType));
        Assert.Empty(server.Failures);
    }

    [Fact]
    public async Task EnsureCreatedAsync_NewCollection_IsWhatQdrantClientReadsBack()
    {
        await using var server = await FakeQdrantServer.StartAsync();
        using var index = Index(server);
        using var client = new global::Qdrant.Client.QdrantClient(server.Endpoint);

        await index.EnsureCreatedAsync(8, recreate: false, Ct);
        var info = await client.GetCollectionInfoAsync("procedures", Ct);

        Assert.Equal(8ul, info.Config.Params.VectorsConfig.ParamsMap.Map["dense"].Size);
        Assert.Equal(global::Qdrant.Client.Grpc.Modifier.Idf, info.Config.Params.SparseVectorsConfig.Map["sparse"].Modifier);
        Assert.Equal(global::Qdrant.Client.Grpc.PayloadSchemaType.Keyword, info.PayloadSchema["language"].DataType);
        Assert.Equal(global::Qdrant.Client.Grpc.PayloadSchemaType.Keyword, info.PayloadSchema["category"].DataType);
    }

    [Fact]
    public async Task EnsureCreatedAsync_ExistingCollectionWithoutRecreate_KeepsItsPoints()
    {
        await using var server = await FakeQdrantServer.StartAsync();
        using var index = Index(server);
        await index.EnsureCreatedAsync(2, recreate: false, Ct);
        await index.UpsertAsync([Document("a")], Ct);

        await index.EnsureCreatedAsync(2, recreate: false, Ct);

        Assert.Equal(1, await index.CountAsync(Ct));
        Assert.Single(server.Requests<Wire.CreateCollection>());
        Assert.Empty(server.Requests<Wire.DeleteCollection>());
    }

    [Fact]
    public async Task EnsureCreatedAsync_NoDenseDimensions_CreatesASparseOnlyCollection()
    {
        await using var server = await FakeQdrantServer.StartAsync();
        using var index = Index(server);

        await index.EnsureCreatedAsync(0, recreate: false, Ct);
        await index.UpsertAsync([new IndexDocument("a", "identity", ["fr"], null, new SparseVector([7], [1f]))], Ct);
        var hits = await index.QueryAsync(new HybridQuery(new SparseVector([7], [1f]), null, 3), Ct);

        Assert.Empty(Assert.Single(server.Requests<Wire.CreateCollection>()).VectorsConfig.ParamsMap.Map);
        Assert.Equal(["a"], hits.Sparse.Select(h => h.Id));
    }

    [Fact]
    public async Task UpsertAsync_Documents_UseUuidV5IdsPayloadAndWaitTrue()
    {
        await using var server = await FakeQdrantServer.StartAsync();
        using var index = Index(server);
        await index.EnsureCreatedAsync(2, recreate: false, Ct);

        await index.UpsertAsync([new IndexDocument("cnie-first", "identity", ["fr", "ar"], [1f, 0f], new SparseVector([7], [1f]))], Ct);

        var upsert = Assert.Single(server.Requests<Wire.UpsertPoints>());
        Assert.True(upsert.HasWait && upsert.Wait);
        var point = Assert.Single(upsert.Points);
        Assert.Equal(PointIds.ForProcedure("cnie-first").ToString(), point.Id.Uuid);
        Assert.Equal("cnie-first", point.Payload["procedure_id"].StringValue);
        Assert.Equal("identity", point.Payload["category"].StringValue);
        Assert.Equal(["fr", "ar"], point.Payload["language"].ListValue.Values.Select(v => v.StringValue));
        Assert.Equal([1f, 0f], point.Vectors.Vectors_.Vectors["dense"].Dense.Data);
        Assert.Equal([7u], point.Vectors.Vectors_.Vectors["sparse"].Sparse.Indices);
    }

    [Fact]
    public async Task UpsertAsync_ManyDocuments_AreSentInBatchesOf64()
    {
        await using var server = await FakeQdrantServer.StartAsync();
        using var index = Index(server);
        await index.EnsureCreatedAsync(2, recreate: false, Ct);

        await index.UpsertAsync(Enumerable.Range(0, 130).Select(i => Document($"p{i}")).ToList(), Ct);

        Assert.Equal([64, 64, 2], server.Requests<Wire.UpsertPoints>().Select(u => u.Points.Count));
        Assert.Equal(130, await index.CountAsync(Ct));
    }

    [Fact]
    public async Task QueryAsync_Hybrid_SendsOneBatchWithTwoPrefetchesAndRrf()
    {
        await using var server = await FakeQdrantServer.StartAsync();
        using var index = Index(server);
        await index.EnsureCreatedAsync(2, recreate: false, Ct);
        await index.UpsertAsync([Document("a")], Ct);

        var hits = await index.QueryAsync(new HybridQuery(new SparseVector([7], [1f]), [1f, 0f], 3, Filter: new IndexFilter(Category: "identity")), Ct);

        Assert.Equal("a", hits.Fused[0].Id);
        var batch = Assert.Single(server.Requests<Wire.QueryBatchPoints>());
        Assert.Equal(3, batch.QueryPoints.Count);
        var fused = batch.QueryPoints[0];
        Assert.Equal(Wire.Query.VariantOneofCase.Fusion, fused.Query.VariantCase);
        Assert.Equal(Wire.Fusion.Rrf, fused.Query.Fusion);
        Assert.Equal(["sparse", "dense"], fused.Prefetch.Select(p => p.Using));
        Assert.All(fused.Prefetch, p => Assert.Equal(20ul, p.Limit));
        Assert.All(fused.Prefetch, p => Assert.Equal("category", p.Filter.Must[0].Field.Key));
        Assert.Equal(3ul, fused.Limit);
        Assert.Equal(["procedure_id"], fused.WithPayload.Include.Fields);
        Assert.Equal(["sparse", "dense"], batch.QueryPoints.Skip(1).Select(q => q.Using));
        Assert.Empty(server.Failures);
    }

    [Fact]
    public async Task QueryAsync_ParameterisedRrf_SendsKAndOneWeightPerPrefetch()
    {
        await using var server = await FakeQdrantServer.StartAsync();
        using var index = Index(server);
        await index.EnsureCreatedAsync(2, recreate: false, Ct);
        await index.UpsertAsync([Document("a")], Ct);

        await index.QueryAsync(new HybridQuery(new SparseVector([7], [1f]), [1f, 0f], 3, RrfK: 60) { DenseWeight = 2f }, Ct);

        var rrf = server.Requests<Wire.QueryBatchPoints>().Single().QueryPoints[0].Query.Rrf;
        Assert.Equal(60u, rrf.K);
        Assert.Equal([1f, 2f], rrf.Weights);
    }

    [Fact]
    public async Task CountAsync_TransientFailures_AreRetriedWithBackoff()
    {
        await using var server = await FakeQdrantServer.StartAsync();
        using var index = Index(server, retries: 3);
        await index.EnsureCreatedAsync(2, recreate: false, Ct);
        server.FailNext(2, StatusCode.Unavailable);

        var count = await index.CountAsync(Ct);

        Assert.Equal(0, count);
        Assert.Equal(3, server.Requests<Wire.CountPoints>().Count);
    }

    [Fact]
    public async Task QueryAsync_DeadlineOrRateLimit_IsRetried()
    {
        await using var server = await FakeQdrantServer.StartAsync();
        using var index = Index(server, retries: 2);
        await index.EnsureCreatedAsync(2, recreate: false, Ct);
        await index.UpsertAsync([Document("a")], Ct);
        server.FailNext(1, StatusCode.ResourceExhausted);

        var hits = await index.QueryAsync(new HybridQuery(new SparseVector([7], [1f]), null, 3), Ct);

        Assert.Equal(["a"], hits.Sparse.Select(h => h.Id));
        Assert.Equal(2, server.Requests<Wire.QueryBatchPoints>().Count);
    }

    [Fact]
    public async Task CountAsync_TooManyFailures_ThrowsBackendNeutralError()
    {
        await using var server = await FakeQdrantServer.StartAsync();
        using var index = Index(server, retries: 1);
        await index.EnsureCreatedAsync(2, recreate: false, Ct);
        server.FailNext(5, StatusCode.Unavailable);

        var error = await Assert.ThrowsAsync<RetrievalBackendException>(() => index.CountAsync(Ct).AsTask());

        Assert.True(error.IsTransient);
        Assert.Equal("qdrant", error.Backend);
        Assert.Equal("count", error.Operation);
        Assert.Contains("Unavailable", error.Message, StringComparison.Ordinal);
        Assert.Contains("after 2 attempts", error.Message, StringComparison.Ordinal);
        Assert.IsType<RpcException>(error.InnerException);
    }

    [Fact]
    public async Task UpsertAsync_TransientFailure_IsNotRetried()
    {
        await using var server = await FakeQdrantServer.StartAsync();
        using var index = Index(server, retries: 3);
        await index.EnsureCreatedAsync(2, recreate: false, Ct);
        server.FailNext(1, StatusCode.Unavailable);

        var error = await Assert.ThrowsAsync<RetrievalBackendException>(() => index.UpsertAsync([Document("a")], Ct).AsTask());

        Assert.True(error.IsTransient);
        Assert.Single(server.Requests<Wire.UpsertPoints>());
    }

    [Fact]
    public async Task CountAsync_MissingCollection_IsNotRetried()
    {
        await using var server = await FakeQdrantServer.StartAsync();
        using var index = Index(server, retries: 3);

        var error = await Assert.ThrowsAsync<RetrievalBackendException>(() => index.CountAsync(Ct).AsTask());

        Assert.False(error.IsTransient);
        Assert.Contains("NotFound", error.Message, StringComparison.Ordinal);
        Assert.Contains("doesn't exist", error.Message, StringComparison.Ordinal);
        Assert.Single(server.Calls);
    }

    [Fact]
    public async Task CountAsync_NoServer_ThrowsTransientBackendError()
    {
        using var index = new QdrantProcedureIndex(new QdrantOptions { Endpoint = new Uri("http://127.0.0.1:9/"), MaxRetries = 1, InitialBackoff = TimeSpan.FromMilliseconds(1) });

        var error = await Assert.ThrowsAsync<RetrievalBackendException>(() => index.CountAsync(Ct).AsTask());

        Assert.True(error.IsTransient);
        Assert.Contains("Unavailable", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CountAsync_Cancelled_ThrowsOperationCanceled()
    {
        await using var server = await FakeQdrantServer.StartAsync();
        using var index = Index(server, retries: 3);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => index.CountAsync(cancelled.Token).AsTask());
    }

    [Fact]
    public async Task Requests_WrongApiKey_AreRefusedAndNotRetried()
    {
        await using var server = await FakeQdrantServer.StartAsync(apiKey: "right");
        using var index = new QdrantProcedureIndex(new QdrantOptions { Endpoint = server.Endpoint, ApiKey = "wrong", Collection = "procedures", MaxRetries = 3 });

        var error = await Assert.ThrowsAsync<RetrievalBackendException>(() => index.EnsureCreatedAsync(2, false, Ct).AsTask());

        Assert.Contains("Unauthenticated", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsTransient);
        Assert.Single(server.Calls);
    }

    [Fact]
    public async Task Requests_ApiKey_IsSentAsMetadata()
    {
        await using var server = await FakeQdrantServer.StartAsync(apiKey: "right");
        using var index = new QdrantProcedureIndex(new QdrantOptions { Endpoint = server.Endpoint, ApiKey = "right", Collection = "procedures" });

        await index.EnsureCreatedAsync(2, false, Ct);

        Assert.Equal(0, await index.CountAsync(Ct));
        Assert.Empty(server.Failures);
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
        var errors = new QdrantOptions { Endpoint = null, Collection = "bad name!", MaxRetries = -1 }.Validate();

        Assert.Equal(3, errors.Count);
    }

    [Fact]
    public void Validate_RestPort_IsRefusedWithTheGrpcPortNamed()
    {
        var errors = new QdrantOptions { Endpoint = new Uri("http://qdrant:6333") }.Validate();

        Assert.Contains("6334", Assert.Single(errors), StringComparison.Ordinal);
        Assert.Empty(new QdrantOptions { Endpoint = new Uri("http://qdrant:6334") }.Validate());
    }

    [Fact]
    public void Constructor_InvalidOptions_Throws()
    {
        Assert.Throws<ArgumentException>(() => new QdrantProcedureIndex(new QdrantOptions()));
    }

    [Theory]
    [InlineData(StatusCode.Unavailable, true)]
    [InlineData(StatusCode.DeadlineExceeded, true)]
    [InlineData(StatusCode.ResourceExhausted, true)]
    [InlineData(StatusCode.Internal, true)]
    [InlineData(StatusCode.NotFound, false)]
    [InlineData(StatusCode.InvalidArgument, false)]
    [InlineData(StatusCode.Unauthenticated, false)]
    [InlineData(StatusCode.AlreadyExists, false)]
    public void IsTransient_StatusCode_OnlyRetryableOnes(StatusCode code, bool transient)
    {
        Assert.Equal(transient, QdrantProcedureIndex.IsTransient(code));
    }

    private static IndexDocument Document(string id) => new(id, "identity", ["fr"], [1f, 0f], new SparseVector([7], [1f]));

    private static QdrantProcedureIndex Index(FakeQdrantServer server, int retries = 0) =>
        new(new QdrantOptions { Endpoint = server.Endpoint, ApiKey = server.ApiKey, Collection = "procedures", MaxRetries = retries, InitialBackoff = TimeSpan.FromMilliseconds(5) });
}
