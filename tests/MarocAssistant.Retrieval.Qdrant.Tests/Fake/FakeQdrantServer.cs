using System.Collections.Concurrent;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using MarocAssistant.Retrieval.Qdrant.Tests.Fake.Grpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MarocAssistant.Retrieval.Qdrant.Tests.Fake;

/// <summary>
/// A fake Qdrant gRPC server on 127.0.0.1 (Kestrel, HTTP/2 without TLS), for CI where no Qdrant can run. Its
/// services are generated from the official v1.19.0 protos (<c>Protos/</c>); <see cref="FakeQdrantEngine"/> gives
/// them Qdrant's semantics. It checks the <c>api-key</c> as Qdrant does, records every call as the server decoded it,
/// and can fail the next calls on demand (to test retries).
/// </summary>
internal sealed class FakeQdrantServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly FakeQdrantState _state;

    private FakeQdrantServer(WebApplication app, FakeQdrantState state, Uri endpoint)
    {
        _app = app;
        _state = state;
        Endpoint = endpoint;
    }

    /// <summary>Like <c>http://127.0.0.1:41234/</c>: the gRPC endpoint to give Qdrant.Client.</summary>
    public Uri Endpoint { get; }

    public string? ApiKey => _state.ApiKey;

    /// <summary>Every call, in order: the gRPC method (<c>/qdrant.Points/Upsert</c>) and the decoded request.</summary>
    public IReadOnlyCollection<FakeCall> Calls => _state.Calls;

    /// <summary>The decoded requests of one message type, in order.</summary>
    public IReadOnlyList<T> Requests<T>()
        where T : IMessage => _state.Calls.Select(c => c.Request).OfType<T>().ToList();

    /// <summary>The calls the server refused, as <c>method: status</c>.</summary>
    public IReadOnlyList<string> Failures => _state.Calls.Where(c => c.Failure is not null).Select(c => $"{c.Method}: {c.Failure}").ToList();

    public static async Task<FakeQdrantServer> StartAsync(string? apiKey = null)
    {
        var state = new FakeQdrantState(apiKey);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");

        // gRPC over cleartext needs HTTP/2 with prior knowledge (h2c): no HTTP/1.1 on this endpoint.
        builder.WebHost.ConfigureKestrel(k => k.ConfigureEndpointDefaults(e => e.Protocols = HttpProtocols.Http2));
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(state);
        builder.Services.AddSingleton(state.Engine);
        builder.Services.AddGrpc(o => o.Interceptors.Add<FakeQdrantInterceptor>());
        var app = builder.Build();
        app.MapGrpcService<FakeCollectionsService>();
        app.MapGrpcService<FakePointsService>();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new FakeQdrantServer(app, state, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>Answers the next <paramref name="count"/> calls with <paramref name="status"/>, before they reach the engine.</summary>
    public void FailNext(int count, StatusCode status = StatusCode.Unavailable) => _state.FailNext(count, status);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

internal sealed class FakeCall(string method, IMessage request)
{
    public string Method { get; } = method;

    public IMessage Request { get; } = request;

    /// <summary>The error status the server answered with, or null for a success.</summary>
    public Status? Failure { get; set; }
}

internal sealed class FakeQdrantState(string? apiKey)
{
    private int _failuresLeft;
    private StatusCode _failure;

    public string? ApiKey { get; } = apiKey;

    public FakeQdrantEngine Engine { get; } = new();

    public ConcurrentQueue<FakeCall> Calls { get; } = new();

    public void FailNext(int count, StatusCode status)
    {
        _failure = status;
        Volatile.Write(ref _failuresLeft, count);
    }

    public bool TakeFailure(out StatusCode status)
    {
        status = _failure;
        return Interlocked.Decrement(ref _failuresLeft) >= 0;
    }
}

/// <summary>Records, injects failures, and authenticates like Qdrant's gRPC layer (api-key or Bearer).</summary>
internal sealed class FakeQdrantInterceptor(FakeQdrantState state) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var call = new FakeCall(context.Method, (IMessage)request);
        state.Calls.Enqueue(call);
        try
        {
            return await Handle(request, context, continuation);
        }
        catch (RpcException ex)
        {
            call.Failure = ex.Status;
            throw;
        }
    }

    private Task<TResponse> Handle<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
        where TRequest : class
        where TResponse : class
    {
        if (state.TakeFailure(out var status))
        {
            throw new RpcException(new Status(status, "injected failure"));
        }

        if (state.ApiKey is not null)
        {
            var key = context.RequestHeaders.GetValue("api-key");
            if (key is null && context.RequestHeaders.GetValue("authorization") is { } bearer && bearer.StartsWith("Bearer ", StringComparison.Ordinal))
            {
                key = bearer["Bearer ".Length..];
            }

            if (key is null)
            {
                throw new RpcException(new Status(StatusCode.Unauthenticated, "Must provide an API key or an Authorization bearer token"));
            }

            if (key != state.ApiKey)
            {
                throw new RpcException(new Status(StatusCode.Unauthenticated, "Invalid API key or JWT"));
            }
        }

        return continuation(request, context);
    }
}

internal sealed class FakeCollectionsService(FakeQdrantEngine engine) : Collections.CollectionsBase
{
    public override Task<GetCollectionInfoResponse> Get(GetCollectionInfoRequest request, ServerCallContext context) =>
        Task.FromResult(new GetCollectionInfoResponse { Result = engine.Info(request.CollectionName), Time = 0.0001 });

    public override Task<ListCollectionsResponse> List(ListCollectionsRequest request, ServerCallContext context)
    {
        var response = new ListCollectionsResponse { Time = 0.0001 };
        response.Collections.AddRange(engine.List().Select(n => new CollectionDescription { Name = n }));
        return Task.FromResult(response);
    }

    public override Task<CollectionOperationResponse> Create(CreateCollection request, ServerCallContext context) =>
        Task.FromResult(new CollectionOperationResponse { Result = engine.Create(request), Time = 0.0001 });

    public override Task<CollectionOperationResponse> Delete(DeleteCollection request, ServerCallContext context) =>
        Task.FromResult(new CollectionOperationResponse { Result = engine.Delete(request.CollectionName), Time = 0.0001 });

    public override Task<CollectionExistsResponse> CollectionExists(CollectionExistsRequest request, ServerCallContext context) =>
        Task.FromResult(new CollectionExistsResponse { Result = new Grpc.CollectionExists { Exists = engine.Exists(request.CollectionName) }, Time = 0.0001 });
}

internal sealed class FakePointsService(FakeQdrantEngine engine) : Points.PointsBase
{
    public override Task<PointsOperationResponse> Upsert(UpsertPoints request, ServerCallContext context) =>
        Task.FromResult(new PointsOperationResponse { Result = engine.Upsert(request), Time = 0.0001 });

    public override Task<PointsOperationResponse> Delete(DeletePoints request, ServerCallContext context) =>
        Task.FromResult(new PointsOperationResponse { Result = engine.DeletePoints(request), Time = 0.0001 });

    public override Task<PointsOperationResponse> CreateFieldIndex(CreateFieldIndexCollection request, ServerCallContext context) =>
        Task.FromResult(new PointsOperationResponse { Result = engine.CreateFieldIndex(request), Time = 0.0001 });

    public override Task<CountResponse> Count(CountPoints request, ServerCallContext context) =>
        Task.FromResult(new CountResponse { Result = new CountResult { Count = engine.Count(request) }, Time = 0.0001 });

    public override Task<QueryResponse> Query(QueryPoints request, ServerCallContext context)
    {
        var response = new QueryResponse { Time = 0.0001 };
        response.Result.AddRange(engine.RunQuery(request.CollectionName, request));
        return Task.FromResult(response);
    }

    public override Task<QueryBatchResponse> QueryBatch(QueryBatchPoints request, ServerCallContext context)
    {
        var response = new QueryBatchResponse { Time = 0.0001 };
        foreach (var query in request.QueryPoints)
        {
            var batch = new BatchResult();
            batch.Result.AddRange(engine.RunQuery(request.CollectionName, query));
            response.Result.Add(batch);
        }

        return Task.FromResult(response);
    }
}
