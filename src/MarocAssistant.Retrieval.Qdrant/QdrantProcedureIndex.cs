using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MarocAssistant.Retrieval.Index;
using MarocAssistant.Retrieval.Sparse;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarocAssistant.Retrieval.Qdrant;

/// <summary>
/// The procedure index in Qdrant, over the REST API of v1.19 (shared/specs/qdrant/openapi.json): one collection
/// with a named dense vector (<c>dense</c>, cosine) and a sparse vector (<c>sparse</c>, IDF modifier), keyword
/// payload indexes on <c>language</c> and <c>category</c>, UUIDv5 point ids, upserts with <c>wait=true</c>, and one
/// <c>/points/query/batch</c> call per search: the sparse and dense prefetches fused by RRF, plus each branch alone
/// for the confidence features. Transient failures are retried with exponential backoff; every failure surfaces as
/// <see cref="RetrievalBackendException"/>.
/// </summary>
public sealed class QdrantProcedureIndex : IProcedureIndex, IDisposable
{
    public const string DenseVector = "dense";
    public const string SparseVectorName = "sparse";
    private const int UpsertBatch = 64;
    private const string ProcedureField = "procedure_id";

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly QdrantOptions _options;
    private readonly ILogger _logger;
    private readonly string _collectionPath;

    /// <param name="options">Validated here.</param>
    /// <param name="http">A client to use (not disposed here); null creates one.</param>
    /// <param name="logger">Where retries are reported.</param>
    public QdrantProcedureIndex(QdrantOptions options, HttpClient? http = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        _options = options;
        _ownsHttp = http is null;
        _http = http ?? new HttpClient();
        _logger = logger ?? NullLogger.Instance;
        _collectionPath = "collections/" + Uri.EscapeDataString(options.Collection);
    }

    public string BackendName => "qdrant";

    public async ValueTask EnsureCreatedAsync(int denseDimensions, bool recreate, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(denseDimensions);
        if (recreate)
        {
            await SendAsync(HttpMethod.Delete, _collectionPath, null, "delete collection", cancellationToken, allowNotFound: true);
        }

        var exists = await SendAsync(HttpMethod.Get, _collectionPath + "/exists", null, "check collection", cancellationToken);
        if (exists?["exists"]?.GetValue<bool>() == true)
        {
            return;
        }

        var vectors = new JsonObject();
        if (denseDimensions > 0)
        {
            vectors[DenseVector] = new JsonObject { ["size"] = denseDimensions, ["distance"] = "Cosine" };
        }

        var body = new JsonObject
        {
            ["vectors"] = vectors,
            ["sparse_vectors"] = new JsonObject { [SparseVectorName] = new JsonObject { ["modifier"] = "idf" } },
        };
        await SendAsync(HttpMethod.Put, _collectionPath, body, "create collection", cancellationToken);
        foreach (var field in new[] { "language", "category" })
        {
            await SendAsync(
                HttpMethod.Put,
                _collectionPath + "/index?wait=true",
                new JsonObject { ["field_name"] = field, ["field_schema"] = "keyword" },
                "create payload index",
                cancellationToken);
        }
    }

    public async ValueTask UpsertAsync(IReadOnlyList<IndexDocument> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        foreach (var chunk in documents.Chunk(UpsertBatch))
        {
            var points = new JsonArray();
            foreach (var document in chunk)
            {
                var vector = new JsonObject { [SparseVectorName] = Sparse(document.Sparse) };
                if (document.Dense is not null)
                {
                    vector[DenseVector] = Dense(document.Dense);
                }

                points.Add(new JsonObject
                {
                    ["id"] = PointIds.ForProcedure(document.Id).ToString(),
                    ["vector"] = vector,
                    ["payload"] = new JsonObject
                    {
                        [ProcedureField] = document.Id,
                        ["category"] = document.Category,
                        ["language"] = new JsonArray(document.Languages.Select(l => (JsonNode?)JsonValue.Create(l)).ToArray()),
                    },
                });
            }

            var result = await SendAsync(HttpMethod.Put, _collectionPath + "/points?wait=true", new JsonObject { ["points"] = points }, "upsert", cancellationToken);
            var status = result?["status"]?.GetValue<string>();
            if (status != "completed")
            {
                throw new RetrievalBackendException(BackendName, "upsert", $"status {status ?? "missing"} instead of completed", isTransient: status == "wait_timeout");
            }
        }
    }

    public async ValueTask<long> CountAsync(CancellationToken cancellationToken = default)
    {
        var result = await SendAsync(HttpMethod.Post, _collectionPath + "/points/count", new JsonObject { ["exact"] = true }, "count", cancellationToken);
        return result?["count"]?.GetValue<long>() ?? throw new RetrievalBackendException(BackendName, "count", "no count in the answer", false);
    }

    public async ValueTask<HybridHits> QueryAsync(HybridQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var fetch = Math.Max(query.PrefetchLimit, query.Limit);
        var searches = new JsonArray { Branch(SparseVectorName, Sparse(query.Sparse), fetch, query.Filter) };
        if (query.Dense is not null)
        {
            searches.Add(Branch(DenseVector, Dense(query.Dense), fetch, query.Filter));
            JsonNode fusion = query.RrfK == 2 && query.DenseWeight == 1f
                ? new JsonObject { ["fusion"] = "rrf" }
                : new JsonObject { ["rrf"] = Rrf(query) };
            var fused = new JsonObject
            {
                ["prefetch"] = new JsonArray
                {
                    Branch(SparseVectorName, Sparse(query.Sparse), query.PrefetchLimit, query.Filter, prefetch: true),
                    Branch(DenseVector, Dense(query.Dense), query.PrefetchLimit, query.Filter, prefetch: true),
                },
                ["query"] = fusion,
                ["limit"] = query.Limit,
                ["with_payload"] = new JsonArray(ProcedureField),
            };
            if (Filter(query.Filter) is { } filter)
            {
                fused["filter"] = filter;
            }

            searches.Insert(0, fused);
        }

        var result = await SendAsync(HttpMethod.Post, _collectionPath + "/points/query/batch", new JsonObject { ["searches"] = searches }, "query", cancellationToken);
        if (result is not JsonArray responses || responses.Count != searches.Count)
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

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private static JsonObject Rrf(HybridQuery query)
    {
        var rrf = new JsonObject { ["k"] = query.RrfK };
        if (query.DenseWeight != 1f)
        {
            rrf["weights"] = new JsonArray(1.0, (double)query.DenseWeight);
        }

        return rrf;
    }

    private static JsonObject Branch(string vector, JsonNode queryVector, int limit, IndexFilter? filter, bool prefetch = false)
    {
        var branch = new JsonObject { ["query"] = queryVector, ["using"] = vector, ["limit"] = limit };
        if (Filter(filter) is { } f)
        {
            branch["filter"] = f;
        }

        if (!prefetch)
        {
            branch["with_payload"] = new JsonArray(ProcedureField);
        }

        return branch;
    }

    private static JsonObject? Filter(IndexFilter? filter)
    {
        if (filter is null || filter.IsEmpty)
        {
            return null;
        }

        var must = new JsonArray();
        if (filter.Category is not null)
        {
            must.Add(new JsonObject { ["key"] = "category", ["match"] = new JsonObject { ["value"] = filter.Category } });
        }

        if (filter.Language is not null)
        {
            must.Add(new JsonObject { ["key"] = "language", ["match"] = new JsonObject { ["value"] = filter.Language } });
        }

        return new JsonObject { ["must"] = must };
    }

    private static JsonObject Sparse(SparseVector vector) => new()
    {
        ["indices"] = new JsonArray(vector.Indices.Select(i => (JsonNode?)JsonValue.Create(i)).ToArray()),
        ["values"] = new JsonArray(vector.Values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()),
    };

    private static JsonArray Dense(float[] vector) => new(vector.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    private List<IndexHit> Hits(JsonNode? response)
    {
        var hits = new List<IndexHit>();
        foreach (var point in response?["points"]?.AsArray() ?? [])
        {
            var id = point?["payload"]?[ProcedureField]?.GetValue<string>()
                ?? throw new RetrievalBackendException(BackendName, "query", $"a point has no {ProcedureField} payload", false);
            hits.Add(new IndexHit(id, point!["score"]!.GetValue<double>()));
        }

        return hits;
    }

    /// <summary>Sends a request with retries; returns the <c>result</c> of the envelope.</summary>
    private async Task<JsonNode?> SendAsync(HttpMethod method, string path, JsonNode? body, string operation, CancellationToken cancellationToken, bool allowNotFound = false)
    {
        var payload = body?.ToJsonString();
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, new Uri(_options.Url!, path));
            if (payload is not null)
            {
                request.Content = new StringContent(payload, Encoding.UTF8, "application/json");
            }

            if (!string.IsNullOrEmpty(_options.ApiKey))
            {
                request.Headers.Add("api-key", _options.ApiKey);
            }

            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            string? failure;
            var transient = true;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.Timeout);
            try
            {
                using var response = await _http.SendAsync(request, timeout.Token);
                var text = await response.Content.ReadAsStringAsync(timeout.Token);
                if (response.IsSuccessStatusCode)
                {
                    return ParseResult(text, operation);
                }

                if (allowNotFound && response.StatusCode == HttpStatusCode.NotFound)
                {
                    return null;
                }

                failure = $"HTTP {(int)response.StatusCode}: {ErrorMessage(text)}";
                transient = response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)response.StatusCode >= 500;
            }
            catch (HttpRequestException ex)
            {
                failure = ex.Message;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                failure = $"no answer within {_options.Timeout.TotalSeconds:0.#} s";
            }

            if (!transient || attempt >= _options.MaxRetries)
            {
                throw new RetrievalBackendException(BackendName, operation, failure + (attempt > 0 ? $" (after {attempt + 1} attempts)" : ""), transient);
            }

            // Exponential backoff with jitter, so several hosts do not retry in step.
            var delay = _options.InitialBackoff * Math.Pow(2, attempt) * (0.8 + (Random.Shared.NextDouble() * 0.4));
            _logger.LogWarning("Qdrant {Operation} failed ({Failure}); retry {Attempt} in {Delay} ms.", operation, failure, attempt + 1, (int)delay.TotalMilliseconds);
            await Task.Delay(delay, cancellationToken);
        }
    }

    private JsonNode? ParseResult(string text, string operation)
    {
        try
        {
            var envelope = JsonNode.Parse(text);
            return envelope?["result"];
        }
        catch (JsonException ex)
        {
            throw new RetrievalBackendException(BackendName, operation, "the answer is not JSON", false, ex);
        }
    }

    private static string ErrorMessage(string text)
    {
        try
        {
            // Qdrant errors are {"status":{"error":"…"}}.
            return JsonNode.Parse(text)?["status"]?["error"]?.GetValue<string>() ?? text;
        }
        catch (JsonException)
        {
            return text.Length > 200 ? text[..200] : text;
        }
    }
}
