using Grpc.Core;
using MarocAssistant.Retrieval.Index;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;
using Qdrant.Client;
using Qdrant.Client.Grpc;
using RetrievalSparseVector = MarocAssistant.Retrieval.Sparse.SparseVector;

namespace MarocAssistant.Retrieval.Qdrant;

/// <summary>
/// The procedure index in Qdrant, through Qdrant.Client over gRPC (protos of v1.19): one collection with a named
/// dense vector (<c>dense</c>, cosine) and a sparse vector (<c>sparse</c>, IDF modifier), keyword payload indexes on
/// <c>language</c> and <c>category</c>, UUIDv5 point ids, upserts with <c>wait</c>, and one <c>QueryBatch</c> call per
/// search: the sparse and dense prefetches fused by RRF, plus each branch alone for the confidence features. Reads
/// are retried on transient failures (a Polly pipeline, exponential backoff with jitter); writes are not. Every
/// failure surfaces as <see cref="RetrievalBackendException"/>.
/// </summary>
public sealed class QdrantProcedureIndex : IProcedureIndex, IDisposable
{
    public const string DenseVector = "dense";
    public const string SparseVectorName = "sparse";
    public const string ProcedureField = "procedure_id";
    private const int UpsertBatch = 64;

    private readonly QdrantClient _client;
    private readonly QdrantOptions _options;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _reads;

    /// <param name="options">Validated here.</param>
    /// <param name="logger">Where retries are reported.</param>
    public QdrantProcedureIndex(QdrantOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        _options = options;
        _logger = logger ?? NullLogger.Instance;

        // The channel connects lazily: constructing the client does not reach the server.
        _client = new QdrantClient(options.Endpoint!, string.IsNullOrEmpty(options.ApiKey) ? null : options.ApiKey, options.Timeout);
        _reads = options.MaxRetries == 0
            ? ResiliencePipeline.Empty
            : new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true, // so several hosts do not retry in step
                Delay = options.InitialBackoff,
                ShouldHandle = new PredicateBuilder().Handle<RpcException>(e => IsTransient(e.StatusCode)),
                OnRetry = args =>
                {
                    var status = (args.Outcome.Exception as RpcException)?.StatusCode;
                    _logger.LogWarning(
                        "Qdrant {Operation} failed ({Status}); retry {Attempt} in {Delay} ms.",
                        args.Context.OperationKey,
                        status,
                        args.AttemptNumber + 1,
                        (int)args.RetryDelay.TotalMilliseconds);
                    return default;
                },
            }).Build();
    }

    public string BackendName => "qdrant";

    public async ValueTask EnsureCreatedAsync(int denseDimensions, bool recreate, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(denseDimensions);
        var collection = _options.Collection;
        var exists = await ReadAsync("check collection", ct => new ValueTask<bool>(_client.CollectionExistsAsync(collection, ct)), cancellationToken);
        if (exists && recreate)
        {
            await WriteAsync("delete collection", async ct => { await _client.DeleteCollectionAsync(collection, cancellationToken: ct); return true; }, cancellationToken);
            exists = false;
        }

        if (exists)
        {
            return;
        }

        var vectors = new VectorParamsMap();
        if (denseDimensions > 0)
        {
            vectors.Map[DenseVector] = new VectorParams { Size = (ulong)denseDimensions, Distance = Distance.Cosine };
        }

        // Only what we mean: shard number, replication and the rest stay the server's defaults.
        var create = new CreateCollection
        {
            CollectionName = collection,
            VectorsConfig = new VectorsConfig { ParamsMap = vectors },
            SparseVectorsConfig = new SparseVectorConfig { Map = { [SparseVectorName] = new SparseVectorParams { Modifier = Modifier.Idf } } },
        };
        await WriteAsync("create collection", async ct => { await _client.CreateCollectionAsync(create, ct); return true; }, cancellationToken);
        foreach (var field in new[] { "language", "category" })
        {
            var result = await WriteAsync(
                "create payload index",
                ct => new ValueTask<UpdateResult>(_client.CreatePayloadIndexAsync(collection, field, PayloadSchemaType.Keyword, wait: true, cancellationToken: ct)),
                cancellationToken);
            EnsureCompleted(result, "create payload index");
        }
    }

    public async ValueTask UpsertAsync(IReadOnlyList<IndexDocument> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        foreach (var chunk in documents.Chunk(UpsertBatch))
        {
            var points = chunk.Select(Point).ToList();
            var result = await WriteAsync(
                "upsert",
                ct => new ValueTask<UpdateResult>(_client.UpsertAsync(_options.Collection, points, wait: true, cancellationToken: ct)),
                cancellationToken);
            EnsureCompleted(result, "upsert");
        }
    }

    public async ValueTask<long> CountAsync(CancellationToken cancellationToken = default)
    {
        var count = await ReadAsync("count", ct => new ValueTask<ulong>(_client.CountAsync(_options.Collection, exact: true, cancellationToken: ct)), cancellationToken);
        return checked((long)count);
    }

    public async ValueTask<HybridHits> QueryAsync(HybridQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var fetch = (ulong)Math.Max(query.PrefetchLimit, query.Limit);
        var filter = Filter(query.Filter);
        var searches = new List<QueryPoints> { Branch(SparseVectorName, Sparse(query.Sparse), fetch, filter) };
        if (query.Dense is not null)
        {
            searches.Add(Branch(DenseVector, Dense(query.Dense), fetch, filter));
            var fused = new QueryPoints
            {
                CollectionName = _options.Collection,
                Prefetch =
                {
                    Prefetch(SparseVectorName, Sparse(query.Sparse), (ulong)query.PrefetchLimit, filter),
                    Prefetch(DenseVector, Dense(query.Dense), (ulong)query.PrefetchLimit, filter),
                },
                Query = Fusion(query),
                Limit = (ulong)query.Limit,
                WithPayload = PayloadSelector(),
            };
            if (filter is not null)
            {
                fused.Filter = filter;
            }

            searches.Insert(0, fused);
        }

        var responses = await ReadAsync(
            "query",
            ct => new ValueTask<IReadOnlyList<BatchResult>>(_client.QueryBatchAsync(_options.Collection, searches, cancellationToken: ct)),
            cancellationToken);
        if (responses.Count != searches.Count)
        {
            throw new RetrievalBackendException(BackendName, "query", "the batch answer does not have one result per search", false);
        }

        if (query.Dense is null)
        {
            var sparseOnly = Hits(responses[0]);
            return new HybridHits(sparseOnly.Take(query.Limit).ToList(), sparseOnly, []);
        }

        return new HybridHits(Hits(responses[0]), Hits(responses[1]), Hits(responses[2]));
    }

    public void Dispose() => _client.Dispose();

    /// <summary>The gRPC codes where trying again later may succeed (Qdrant: shard unavailable, timeout, rate limit, service error).</summary>
    internal static bool IsTransient(StatusCode code) =>
        code is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted or StatusCode.Aborted or StatusCode.Internal;

    private static PointStruct Point(IndexDocument document)
    {
        var vectors = new NamedVectors { Vectors = { [SparseVectorName] = new Vector { Sparse = SparseData(document.Sparse) } } };
        if (document.Dense is not null)
        {
            vectors.Vectors[DenseVector] = new Vector { Dense = new global::Qdrant.Client.Grpc.DenseVector { Data = { document.Dense } } };
        }

        return new PointStruct
        {
            Id = new PointId { Uuid = PointIds.ForProcedure(document.Id).ToString() },
            Vectors = new Vectors { Vectors_ = vectors },
            Payload =
            {
                [ProcedureField] = new Value { StringValue = document.Id },
                ["category"] = new Value { StringValue = document.Category },
                ["language"] = new Value { ListValue = new ListValue { Values = { document.Languages.Select(l => new Value { StringValue = l }) } } },
            },
        };
    }

    private static Query Fusion(HybridQuery query)
    {
        if (query.RrfK == 2 && query.DenseWeight == 1f)
        {
            return new Query { Fusion = global::Qdrant.Client.Grpc.Fusion.Rrf };
        }

        var rrf = new Rrf { K = (uint)query.RrfK };
        if (query.DenseWeight != 1f)
        {
            rrf.Weights.Add([1f, query.DenseWeight]);
        }

        return new Query { Rrf = rrf };
    }

    private QueryPoints Branch(string vector, VectorInput input, ulong limit, Filter? filter)
    {
        var branch = new QueryPoints
        {
            CollectionName = _options.Collection,
            Query = new Query { Nearest = input },
            Using = vector,
            Limit = limit,
            WithPayload = PayloadSelector(),
        };
        if (filter is not null)
        {
            branch.Filter = filter;
        }

        return branch;
    }

    private static PrefetchQuery Prefetch(string vector, VectorInput input, ulong limit, Filter? filter)
    {
        var prefetch = new PrefetchQuery { Query = new Query { Nearest = input }, Using = vector, Limit = limit };
        if (filter is not null)
        {
            prefetch.Filter = filter;
        }

        return prefetch;
    }

    private static WithPayloadSelector PayloadSelector() => new() { Include = new PayloadIncludeSelector { Fields = { ProcedureField } } };

    private static Filter? Filter(IndexFilter? filter)
    {
        if (filter is null || filter.IsEmpty)
        {
            return null;
        }

        var result = new Filter();
        if (filter.Category is not null)
        {
            result.Must.Add(Conditions.MatchKeyword("category", filter.Category));
        }

        // "language" holds a list: a keyword match is true when any element equals the value.
        if (filter.Language is not null)
        {
            result.Must.Add(Conditions.MatchKeyword("language", filter.Language));
        }

        return result;
    }

    private static global::Qdrant.Client.Grpc.SparseVector SparseData(RetrievalSparseVector vector) => new()
    {
        Indices = { vector.Indices },
        Values = { vector.Values },
    };

    private static VectorInput Sparse(RetrievalSparseVector vector) => new() { Sparse = SparseData(vector) };

    private static VectorInput Dense(float[] vector) => new() { Dense = new global::Qdrant.Client.Grpc.DenseVector { Data = { vector } } };

    private List<IndexHit> Hits(BatchResult response)
    {
        var hits = new List<IndexHit>(response.Result.Count);
        foreach (var point in response.Result)
        {
            if (!point.Payload.TryGetValue(ProcedureField, out var id) || id.KindCase != Value.KindOneofCase.StringValue)
            {
                throw new RetrievalBackendException(BackendName, "query", $"a point has no {ProcedureField} payload", false);
            }

            hits.Add(new IndexHit(id.StringValue, point.Score));
        }

        return hits;
    }

    private void EnsureCompleted(UpdateResult result, string operation)
    {
        if (result.Status != UpdateStatus.Completed)
        {
            throw new RetrievalBackendException(BackendName, operation, $"status {result.Status} instead of Completed", isTransient: result.Status == UpdateStatus.WaitTimeout);
        }
    }

    private ValueTask<T> ReadAsync<T>(string operation, Func<CancellationToken, ValueTask<T>> call, CancellationToken cancellationToken) =>
        RunAsync(_reads, operation, call, cancellationToken);

    // A write is not retried here: its caller (the index builder, the start-up fallback) decides what to do.
    private ValueTask<T> WriteAsync<T>(string operation, Func<CancellationToken, ValueTask<T>> call, CancellationToken cancellationToken) =>
        RunAsync(ResiliencePipeline.Empty, operation, call, cancellationToken);

    private async ValueTask<T> RunAsync<T>(ResiliencePipeline pipeline, string operation, Func<CancellationToken, ValueTask<T>> call, CancellationToken cancellationToken)
    {
        var attempts = 0;
        var context = ResilienceContextPool.Shared.Get(operation, cancellationToken);
        try
        {
            return await pipeline.ExecuteAsync(
                (ctx, state) =>
                {
                    attempts++;
                    return state(ctx.CancellationToken);
                },
                context,
                call);
        }
        catch (RpcException ex) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException($"Qdrant {operation} was cancelled.", ex, cancellationToken);
        }
        catch (RpcException ex)
        {
            var after = attempts > 1 ? $" (after {attempts} attempts)" : "";
            throw new RetrievalBackendException(BackendName, operation, $"{ex.StatusCode}: {ex.Status.Detail}{after}", IsTransient(ex.StatusCode), ex);
        }
        catch (QdrantException ex)
        {
            throw new RetrievalBackendException(BackendName, operation, ex.Message, false, ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }
}
