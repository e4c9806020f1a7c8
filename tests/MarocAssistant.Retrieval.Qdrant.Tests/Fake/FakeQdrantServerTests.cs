using Grpc.Core;
using Qdrant.Client;
using Qdrant.Client.Grpc;
using static Qdrant.Client.Grpc.Conditions;

namespace MarocAssistant.Retrieval.Qdrant.Tests.Fake;

/// <summary>
/// The fake, driven by the real Qdrant.Client: it refuses what Qdrant refuses, with Qdrant's status codes, and
/// answers what it implements with Qdrant's semantics. A fake that accepted anything would let the backend pass
/// the conformance suite with calls a real Qdrant rejects.
/// </summary>
public sealed class FakeQdrantServerTests : IAsyncLifetime
{
    private FakeQdrantServer _server = null!;
    private QdrantClient _client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await FakeQdrantServer.StartAsync();
        _client = new QdrantClient(_server.Endpoint);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Count_UnknownCollection_IsNotFound()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _client.CountAsync("missing", cancellationToken: Ct));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal("Not found: Collection `missing` doesn't exist!", error.Status.Detail);
    }

    [Fact]
    public async Task QueryAndUpsertAndInfo_UnknownCollection_AreNotFound()
    {
        var query = await Assert.ThrowsAsync<RpcException>(() => _client.QueryAsync("missing", query: new float[] { 1f }, usingVector: "dense", cancellationToken: Ct));
        var upsert = await Assert.ThrowsAsync<RpcException>(() => _client.UpsertAsync("missing", [Point(1, dense: [1f, 0f])], cancellationToken: Ct));
        var info = await Assert.ThrowsAsync<RpcException>(() => _client.GetCollectionInfoAsync("missing", Ct));

        Assert.All([query, upsert, info], e => Assert.Equal(StatusCode.NotFound, e.StatusCode));
    }

    [Fact]
    public async Task Create_ExistingCollection_IsAlreadyExists()
    {
        await CreateAsync("c");

        var error = await Assert.ThrowsAsync<RpcException>(() => CreateAsync("c"));

        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
    }

    [Fact]
    public async Task Delete_UnknownCollection_AnswersFalseNotAnError()
    {
        // Qdrant answers result=false; Qdrant.Client turns that into its own exception.
        await Assert.ThrowsAsync<QdrantException>(() => _client.DeleteCollectionAsync("missing", cancellationToken: Ct));

        Assert.Empty(_server.Failures);
    }

    [Fact]
    public async Task Upsert_UnknownVectorName_IsInvalidArgument()
    {
        await CreateAsync("c");

        var error = await Assert.ThrowsAsync<RpcException>(() => _client.UpsertAsync("c", [new PointStruct { Id = 1, Vectors = new Dictionary<string, float[]> { ["other"] = [1f, 0f] } }], cancellationToken: Ct));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("Not existing vector name", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upsert_WrongDimension_IsInvalidArgumentAndChangesNothing()
    {
        await CreateAsync("c");

        var error = await Assert.ThrowsAsync<RpcException>(() => _client.UpsertAsync("c", [Point(1, dense: [1f, 0f]), Point(2, dense: [1f, 0f, 0f])], cancellationToken: Ct));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("expected dim: 2, got 3", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(0ul, await _client.CountAsync("c", cancellationToken: Ct));
    }

    [Fact]
    public async Task Upsert_SparseVectorWithoutSparseConfig_IsInvalidArgument()
    {
        await CreateAsync("c", sparse: false);

        var error = await Assert.ThrowsAsync<RpcException>(() => _client.UpsertAsync("c", [Point(1, dense: [1f, 0f], sparse: ([1f], [3u]))], cancellationToken: Ct));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    [Fact]
    public async Task Upsert_DenseVectorUnderTheSparseName_IsInvalidArgument()
    {
        await CreateAsync("c");

        var error = await Assert.ThrowsAsync<RpcException>(() => _client.UpsertAsync("c", [new PointStruct { Id = 1, Vectors = new Dictionary<string, float[]> { ["sparse"] = [1f, 0f] } }], cancellationToken: Ct));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    [Fact]
    public async Task Upsert_RepeatedSparseIndex_IsInvalidArgument()
    {
        await CreateAsync("c");

        var error = await Assert.ThrowsAsync<RpcException>(() => _client.UpsertAsync("c", [Point(1, sparse: ([1f, 2f], [3u, 3u]))], cancellationToken: Ct));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    [Fact]
    public async Task Query_WrongDimensionOrVectorKind_IsInvalidArgument()
    {
        await CreateAsync("c");

        var dimension = await Assert.ThrowsAsync<RpcException>(() => _client.QueryAsync("c", query: new float[] { 1f, 0f, 0f }, usingVector: "dense", cancellationToken: Ct));
        var kind = await Assert.ThrowsAsync<RpcException>(() => _client.QueryAsync("c", query: new float[] { 1f, 0f }, usingVector: "sparse", cancellationToken: Ct));
        var name = await Assert.ThrowsAsync<RpcException>(() => _client.QueryAsync("c", query: new float[] { 1f, 0f }, usingVector: "nope", cancellationToken: Ct));

        Assert.All([dimension, kind, name], e => Assert.Equal(StatusCode.InvalidArgument, e.StatusCode));
    }

    [Fact]
    public async Task Query_RrfWeightsNotOnePerPrefetch_IsInvalidArgument()
    {
        await CreateAsync("c");

        var error = await Assert.ThrowsAsync<RpcException>(() => _client.QueryAsync(
            "c",
            query: new Query { Rrf = new Rrf { Weights = { 1f, 2f, 3f } } },
            prefetch: [Prefetch("dense", new float[] { 1f, 0f }), Prefetch("sparse", (new[] { 1f }, new[] { 3u }))],
            cancellationToken: Ct));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    [Fact]
    public async Task Query_FeatureTheFakeLacks_IsUnimplementedNotSilentlyWrong()
    {
        await CreateAsync("c");

        var error = await Assert.ThrowsAsync<RpcException>(() => _client.QueryAsync(
            "c",
            query: Fusion.Dbsf,
            prefetch: [Prefetch("dense", new float[] { 1f, 0f })],
            cancellationToken: Ct));

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
    }

    [Fact]
    public async Task Query_MissingApiKey_IsUnauthenticated()
    {
        await using var server = await FakeQdrantServer.StartAsync(apiKey: "secret");
        using var anonymous = new QdrantClient(server.Endpoint);
        using var bearer = new QdrantClient(server.Endpoint, apiKey: "secret");

        var error = await Assert.ThrowsAsync<RpcException>(() => anonymous.CollectionExistsAsync("c", Ct));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.False(await bearer.CollectionExistsAsync("c", Ct));
    }

    [Fact]
    public async Task Query_DenseCosine_ScoresNormalisedDotProduct()
    {
        await CreateAsync("c");
        await _client.UpsertAsync("c", [Point(1, dense: [3f, 4f]), Point(2, dense: [0f, 2f])], cancellationToken: Ct);

        var hits = await _client.QueryAsync("c", query: new float[] { 1f, 0f }, usingVector: "dense", cancellationToken: Ct);

        Assert.Equal([1ul, 2ul], hits.Select(h => h.Id.Num));
        Assert.Equal(0.6f, hits[0].Score, 5);
        Assert.Equal(0f, hits[1].Score, 5);
    }

    [Fact]
    public async Task Query_SparseIdf_WeightsTheQueryByIdfAndSkipsPointsWithoutSharedDimensions()
    {
        await CreateAsync("c");
        await _client.UpsertAsync("c", [Point(1, sparse: ([2f, 1f], [1u, 2u])), Point(2, sparse: ([1f], [1u])), Point(3, sparse: ([5f], [9u]))], cancellationToken: Ct);

        var hits = await _client.QueryAsync("c", query: new VectorInput { Sparse = new SparseVector { Indices = { 1u, 2u }, Values = { 1f, 1f } } }, usingVector: "sparse", cancellationToken: Ct);

        // N = 3; term 1 in 2 points, term 2 in 1: idf = ln((N - df + 0.5) / (df + 0.5) + 1).
        double Idf(int df) => Math.Log(((3 - df + 0.5) / (df + 0.5)) + 1);
        Assert.Equal([1ul, 2ul], hits.Select(h => h.Id.Num));
        Assert.Equal((2 * Idf(2)) + Idf(1), hits[0].Score, 4);
        Assert.Equal(Idf(2), hits[1].Score, 4);
    }

    [Fact]
    public async Task Query_IdfCorpusFilter_ComputesIdfOverThatCorpusOnly()
    {
        await CreateAsync("c");
        await _client.UpsertAsync(
            "c",
            [Point(1, sparse: ([1f], [1u]), category: "a"), Point(2, sparse: ([1f], [1u]), category: "b"), Point(3, sparse: ([1f], [2u]), category: "b")],
            cancellationToken: Ct);

        var hits = await _client.QueryAsync(
            "c",
            query: new VectorInput { Sparse = new SparseVector { Indices = { 1u }, Values = { 1f } } },
            usingVector: "sparse",
            filter: MatchKeyword("category", "a"),
            searchParams: new SearchParams { Idf = new IdfParams { Corpus = MatchKeyword("category", "a") } },
            cancellationToken: Ct);

        // Corpus = point 1 only: N = 1, df = 1.
        Assert.Equal(Math.Log((0.5 / 1.5) + 1), Assert.Single(hits).Score, 4);
    }

    [Fact]
    public async Task Query_PrefetchWithRootFilter_FilterReachesThePrefetches()
    {
        await CreateAsync("c");
        await _client.UpsertAsync("c", [Point(1, dense: [1f, 0f], category: "a"), Point(2, dense: [0.9f, 0.1f], category: "b")], cancellationToken: Ct);

        // One prefetch of limit 1: without propagation it would keep point 1, then the root filter would drop it.
        var hits = await _client.QueryAsync(
            "c",
            query: Fusion.Rrf,
            prefetch: [Prefetch("dense", new float[] { 1f, 0f }, limit: 1)],
            filter: MatchKeyword("category", "b"),
            cancellationToken: Ct);

        Assert.Equal([2ul], hits.Select(h => h.Id.Num));
        Assert.Equal(1f / 2f, hits[0].Score, 5);
    }

    [Fact]
    public async Task Query_OffsetAndScoreThreshold_ApplyAtTheTopLevel()
    {
        await CreateAsync("c");
        await _client.UpsertAsync("c", [Point(1, dense: [1f, 0f]), Point(2, dense: [0.8f, 0.6f]), Point(3, dense: [0f, 1f])], cancellationToken: Ct);

        var page = await _client.QueryAsync("c", query: new float[] { 1f, 0f }, usingVector: "dense", limit: 1, offset: 1, cancellationToken: Ct);
        var above = await _client.QueryAsync("c", query: new float[] { 1f, 0f }, usingVector: "dense", scoreThreshold: 0.5f, cancellationToken: Ct);

        Assert.Equal([2ul], page.Select(h => h.Id.Num));
        Assert.Equal([1ul, 2ul], above.Select(h => h.Id.Num));
    }

    [Fact]
    public async Task Count_Filters_FollowQdrantArrayAndExceptRules()
    {
        await CreateAsync("c");
        await _client.UpsertAsync(
            "c",
            [Point(1, dense: [1f, 0f], languages: ["fr", "ar"]), Point(2, dense: [1f, 0f], languages: ["en"]), Point(3, dense: [1f, 0f], languages: [])],
            cancellationToken: Ct);

        async Task<ulong> Count(Filter filter) => await _client.CountAsync("c", filter, cancellationToken: Ct);

        Assert.Equal(1ul, await Count(MatchKeyword("language", "ar")));
        Assert.Equal(2ul, await Count(Match("language", ["ar", "en"])));

        // Except holds when any element is outside the list: ["fr","ar"] has "fr"; an empty array has none.
        Assert.Equal(1ul, await Count(MatchExcept("language", ["ar", "en"])));
        Assert.Equal(1ul, await Count(IsEmpty("language")));
        Assert.Equal(2ul, await Count(!IsEmpty("language")));
        Assert.Equal(1ul, await Count(HasId(2ul)));
        Assert.Equal(2ul, await Count(new Filter { MinShould = new MinShould { MinCount = 1, Conditions = { MatchKeyword("language", "fr"), MatchKeyword("language", "en") } } }));
    }

    [Fact]
    public async Task Upsert_DeprecatedVectorFields_AreStillAccepted()
    {
        await CreateAsync("c");
#pragma warning disable CS0612 // Older clients send the deprecated data/indices fields; Qdrant accepts them.
        var point = new PointStruct
        {
            Id = 1,
            Vectors = new Dictionary<string, Vector>
            {
                ["dense"] = new Vector { Data = { 1f, 0f } },
                ["sparse"] = new Vector { Data = { 1f }, Indices = new SparseIndices { Data = { 3u } } },
            },
        };
#pragma warning restore CS0612

        await _client.UpsertAsync("c", [point], cancellationToken: Ct);
        var hits = await _client.QueryAsync("c", query: new VectorInput { Sparse = new SparseVector { Indices = { 3u }, Values = { 1f } } }, usingVector: "sparse", cancellationToken: Ct);

        Assert.Single(hits);
    }

    private static PrefetchQuery Prefetch(string vector, VectorInput input, ulong limit = 10) =>
        new() { Query = new Query { Nearest = input }, Using = vector, Limit = limit };

    private static PointStruct Point(ulong id, float[]? dense = null, (float[] Values, uint[] Indices)? sparse = null, string category = "x", string[]? languages = null)
    {
        var vectors = new Dictionary<string, Vector>();
        if (dense is not null)
        {
            vectors["dense"] = dense;
        }

        if (sparse is { } s)
        {
            vectors["sparse"] = (s.Values, s.Indices);
        }

        return new PointStruct
        {
            Id = id,
            Vectors = vectors,
            Payload = { ["category"] = category, ["language"] = languages ?? ["fr"] },
        };
    }

    private async Task CreateAsync(string name, bool sparse = true)
    {
        var request = new CreateCollection
        {
            CollectionName = name,
            VectorsConfig = new VectorsConfig { ParamsMap = new VectorParamsMap { Map = { ["dense"] = new VectorParams { Size = 2, Distance = Distance.Cosine } } } },
        };
        if (sparse)
        {
            request.SparseVectorsConfig = new SparseVectorConfig { Map = { ["sparse"] = new SparseVectorParams { Modifier = Modifier.Idf } } };
        }

        await _client.CreateCollectionAsync(request, Ct);
    }
}
