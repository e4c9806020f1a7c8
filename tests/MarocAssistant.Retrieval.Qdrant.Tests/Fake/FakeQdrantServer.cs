using System.Text.Json;
using System.Text.Json.Nodes;
using MarocAssistant.Testing;
using Microsoft.AspNetCore.Http;

namespace MarocAssistant.Retrieval.Qdrant.Tests.Fake;

/// <summary>
/// A strict stand-in for a Qdrant 1.19 server on 127.0.0.1, for CI where no Qdrant can run. Every request body
/// is validated against the OpenAPI spec (see <see cref="OpenApiSchemaValidator"/>) and a 400 answers any
/// violation. The endpoints the backend uses have real semantics: named dense vectors (Cosine, Dot), sparse
/// vectors with the IDF modifier, payload filters (must/should/must_not, match value/any/except, has_id), prefetch
/// with RRF fusion (default k = 2, or k and weights), batch queries, counts, payload indexes.
/// </summary>
public sealed class FakeQdrantServer : IAsyncDisposable
{
    private readonly LoopbackServer _server;
    private readonly OpenApiSchemaValidator _validator;
    private readonly Dictionary<string, Collection> _collections = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private int _failuresLeft;
    private int _failureStatus;
    private long _operation;

    private FakeQdrantServer(LoopbackServer server, OpenApiSchemaValidator validator, string? apiKey)
    {
        _server = server;
        _validator = validator;
        ApiKey = apiKey;
    }

    public Uri Url => new(_server.BaseUrl + "/");

    public string? ApiKey { get; }

    /// <summary>Every schema violation seen, with the request it was in.</summary>
    public List<string> ValidationErrors { get; } = [];

    public IEnumerable<RecordedRequest> Requests => _server.Requests;

    public OpenApiSchemaValidator Validator => _validator;

    public static async Task<FakeQdrantServer> StartAsync(string? apiKey = null)
    {
        var validator = new OpenApiSchemaValidator(RepoPaths.SharedFile("specs", "qdrant", "openapi.json"));
        FakeQdrantServer? fake = null;
        var server = await LoopbackServer.StartAsync((context, request) => fake!.HandleAsync(context, request));
        fake = new FakeQdrantServer(server, validator, apiKey);
        return fake;
    }

    /// <summary>Answers the next <paramref name="count"/> requests with <paramref name="status"/> (to test retries).</summary>
    public void FailNext(int count, int status = 503)
    {
        _failuresLeft = count;
        _failureStatus = status;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task HandleAsync(HttpContext context, RecordedRequest request)
    {
        var (status, body) = Handle(context.Request.Method, context.Request.Path.Value ?? "", context.Request.Query, request);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString());
    }

    private (int Status, JsonNode Body) Handle(string method, string path, IQueryCollection query, RecordedRequest request)
    {
        if (Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            return Error(_failureStatus, "Service Unavailable: injected failure");
        }

        if (ApiKey is not null && (!request.Headers.TryGetValue("api-key", out var key) || key != ApiKey))
        {
            return Error(401, "Must provide an API key or an Authorization bearer token");
        }

        var segments = path.Trim('/').Split('/');
        if (segments.Length < 2 || segments[0] != "collections")
        {
            return Error(404, $"Not found: {method} {path}");
        }

        var name = Uri.UnescapeDataString(segments[1]);
        var rest = string.Join('/', segments.Skip(2));
        var template = "/collections/{collection_name}" + (rest.Length > 0 ? "/" + rest : "");
        JsonNode? body = null;
        if (method is "PUT" or "POST" && request.Body.Length > 0)
        {
            try
            {
                body = JsonNode.Parse(request.Body);
            }
            catch (JsonException ex)
            {
                return Error(400, "Format error in JSON body: " + ex.Message);
            }

            var errors = _validator.Validate(body, _validator.RequestSchema(method, template));
            if (errors.Count > 0)
            {
                lock (_lock)
                {
                    ValidationErrors.AddRange(errors.Select(e => $"{method} {template}: {e}"));
                }

                return Error(400, "Format error in JSON body: " + string.Join("; ", errors.Take(5)));
            }
        }

        lock (_lock)
        {
            return (method, rest) switch
            {
                ("GET", "exists") => Ok(new JsonObject { ["exists"] = _collections.ContainsKey(name) }),
                ("PUT", "") => CreateCollection(name, body!.AsObject()),
                ("DELETE", "") => _collections.Remove(name) ? Ok(true) : NotFound(name),
                ("GET", "") => _collections.TryGetValue(name, out var c) ? Ok(new JsonObject { ["status"] = "green", ["points_count"] = c.Points.Count }) : NotFound(name),
                ("PUT", "index") => WithCollection(name, c => CreateIndex(c, body!.AsObject())),
                ("PUT", "points") => WithCollection(name, c => Upsert(c, body!.AsObject(), query["wait"] == "true")),
                ("POST", "points/count") => WithCollection(name, c => Ok(new JsonObject { ["count"] = c.Points.Values.Count(p => Matches(p, body?["filter"])) })),
                ("POST", "points/query") => WithCollection(name, c => Ok(Response(Run(c, body!.AsObject())))),
                ("POST", "points/query/batch") => WithCollection(name, c => Ok(new JsonArray(body!["searches"]!.AsArray().Select(s => (JsonNode?)Response(Run(c, s!.AsObject()))).ToArray()))),
                _ => Error(404, $"Not found: {method} {path} (not implemented by the fake)"),
            };
        }
    }

    private (int, JsonNode) CreateCollection(string name, JsonObject body)
    {
        if (_collections.ContainsKey(name))
        {
            return Error(409, $"Wrong input: Collection `{name}` already exists!");
        }

        var collection = new Collection();
        if (body["vectors"] is JsonObject vectors)
        {
            if (vectors.ContainsKey("size"))
            {
                return Error(400, "The fake only implements named vectors");
            }

            foreach (var (vectorName, config) in vectors)
            {
                var distance = config!["distance"]!.GetValue<string>();
                if (distance is not ("Cosine" or "Dot"))
                {
                    return Error(400, $"The fake implements Cosine and Dot, not {distance}");
                }

                collection.Dense[vectorName] = (config["size"]!.GetValue<int>(), distance);
            }
        }

        foreach (var (vectorName, config) in body["sparse_vectors"]?.AsObject() ?? [])
        {
            collection.Sparse[vectorName] = config?["modifier"]?.GetValue<string>() ?? "none";
        }

        _collections[name] = collection;
        return Ok(true);
    }

    private (int, JsonNode) CreateIndex(Collection collection, JsonObject body)
    {
        collection.PayloadIndexes[body["field_name"]!.GetValue<string>()] = body["field_schema"]?.ToJsonString() ?? "null";
        return Ok(new JsonObject { ["operation_id"] = ++_operation, ["status"] = "completed" });
    }

    private (int, JsonNode) Upsert(Collection collection, JsonObject body, bool wait)
    {
        if (body["points"] is not JsonArray points)
        {
            return Error(400, "The fake implements the points list form only");
        }

        var staged = new List<(string, Point)>();
        foreach (var point in points)
        {
            var id = point!["id"]!.ToJsonString().Trim('"');
            var stored = new Point(point["id"]!.DeepClone(), point["payload"]?.AsObject().DeepClone().AsObject() ?? []);
            foreach (var (vectorName, vector) in point["vector"]?.AsObject() ?? [])
            {
                if (collection.Dense.TryGetValue(vectorName, out var config))
                {
                    var values = vector!.AsArray().Select(v => v!.GetValue<float>()).ToArray();
                    if (values.Length != config.Size)
                    {
                        return Error(400, $"Wrong input: Vector dimension error: expected dim: {config.Size}, got {values.Length}");
                    }

                    stored.Dense[vectorName] = config.Distance == "Cosine" ? Normalize(values) : values;
                }
                else if (collection.Sparse.ContainsKey(vectorName))
                {
                    var indices = vector!["indices"]!.AsArray().Select(v => v!.GetValue<uint>()).ToArray();
                    var values = vector["values"]!.AsArray().Select(v => v!.GetValue<float>()).ToArray();
                    if (indices.Length != values.Length || indices.Distinct().Count() != indices.Length)
                    {
                        return Error(400, "Wrong input: sparse indices must be unique and match values");
                    }

                    stored.Sparse[vectorName] = indices.Zip(values).ToDictionary(p => p.First, p => p.Second);
                }
                else
                {
                    return Error(400, $"Wrong input: Not existing vector name error: {vectorName}");
                }
            }

            staged.Add((id, stored));
        }

        foreach (var (id, point) in staged)
        {
            collection.Points[id] = point;
        }

        return Ok(new JsonObject { ["operation_id"] = ++_operation, ["status"] = wait ? "completed" : "acknowledged" });
    }

    private static List<(Point Point, double Score)> Run(Collection collection, JsonObject request)
    {
        var limit = request["limit"]?.GetValue<int>() ?? 10;
        var filter = request["filter"];
        List<(Point, double)> results;
        if (request["prefetch"] is { } prefetchNode)
        {
            var prefetches = prefetchNode is JsonArray array ? array.Select(p => p!.AsObject()).ToList() : [prefetchNode.AsObject()];
            var lists = prefetches.Select(p => Run(collection, p)).ToList();
            var query = request["query"];
            var (k, weights) = query?["fusion"]?.GetValue<string>() == "rrf"
                ? (2, (float[]?)null)
                : query?["rrf"] is JsonObject rrf
                    ? (rrf["k"]?.GetValue<int>() ?? 2, rrf["weights"]?.AsArray().Select(w => w!.GetValue<float>()).ToArray())
                    : throw new BadRequestException("The fake fuses prefetches with rrf only");
            if (weights is not null && weights.Length != lists.Count)
            {
                throw new BadRequestException("Wrong input: the number of weights must match the number of prefetches");
            }

            var scores = new Dictionary<Point, double>();
            for (var l = 0; l < lists.Count; l++)
            {
                var w = weights?[l] ?? 1f;
                for (var rank = 0; rank < lists[l].Count; rank++)
                {
                    scores[lists[l][rank].Item1] = scores.GetValueOrDefault(lists[l][rank].Item1) + (1.0 / (((rank + 1) / w) + k - 1));
                }
            }

            results = scores.Where(s => Matches(s.Key, filter)).Select(s => (s.Key, s.Value)).ToList();
        }
        else
        {
            var vectorName = request["using"]?.GetValue<string>() ?? "";
            var query = request["query"];
            if (query is JsonObject { } nearest && nearest["nearest"] is { } inner)
            {
                query = inner;
            }

            var candidates = collection.Points.Values.Where(p => Matches(p, filter)).ToList();
            if (query is JsonArray dense && collection.Dense.TryGetValue(vectorName, out var config))
            {
                var q = dense.Select(v => v!.GetValue<float>()).ToArray();
                if (q.Length != config.Size)
                {
                    throw new BadRequestException($"Wrong input: Vector dimension error: expected dim: {config.Size}, got {q.Length}");
                }

                q = config.Distance == "Cosine" ? Normalize(q) : q;
                results = candidates.Where(p => p.Dense.ContainsKey(vectorName)).Select(p => (p, (double)Dot(q, p.Dense[vectorName]))).ToList();
            }
            else if (query is JsonObject sparse && sparse["indices"] is JsonArray indices && collection.Sparse.TryGetValue(vectorName, out var modifier))
            {
                var values = sparse["values"]!.AsArray().Select(v => v!.GetValue<float>()).ToArray();
                var terms = indices.Select(i => i!.GetValue<uint>()).ToArray();

                // IDF over the whole collection (N = points with this vector), applied to the query weights.
                var withVector = collection.Points.Values.Where(p => p.Sparse.ContainsKey(vectorName)).ToList();
                results = [];
                foreach (var point in candidates.Where(p => p.Sparse.ContainsKey(vectorName)))
                {
                    var stored = point.Sparse[vectorName];
                    double score = 0;
                    var overlap = false;
                    for (var i = 0; i < terms.Length; i++)
                    {
                        if (!stored.TryGetValue(terms[i], out var value))
                        {
                            continue;
                        }

                        var weight = (double)values[i];
                        if (modifier == "idf")
                        {
                            var df = withVector.Count(p => p.Sparse[vectorName].ContainsKey(terms[i]));
                            weight *= Math.Log(((withVector.Count - df + 0.5) / (df + 0.5)) + 1);
                        }

                        score += weight * value;
                        overlap = true;
                    }

                    if (overlap)
                    {
                        results.Add((point, score));
                    }
                }
            }
            else
            {
                throw new BadRequestException($"Wrong input: the fake cannot run this query on vector '{vectorName}'");
            }
        }

        var threshold = request["score_threshold"]?.GetValue<double>();
        return results
            .Where(r => threshold is null || r.Item2 >= threshold)
            .OrderByDescending(r => r.Item2)
            .ThenBy(r => r.Item1.Id.ToJsonString(), StringComparer.Ordinal)
            .Skip(request["offset"]?.GetValue<int>() ?? 0)
            .Take(limit)
            .Select(r => (r.Item1, r.Item2))
            .ToList();
    }

    private static JsonObject Response(List<(Point Point, double Score)> results) => new()
    {
        ["points"] = new JsonArray(results.Select(r => (JsonNode?)new JsonObject
        {
            ["id"] = r.Point.Id.DeepClone(),
            ["version"] = 0,
            ["score"] = r.Score,
            ["payload"] = r.Point.Payload.DeepClone(),
        }).ToArray()),
    };

    private static bool Matches(Point point, JsonNode? filter)
    {
        if (filter is not JsonObject f)
        {
            return true;
        }

        if (f["min_should"] is not null)
        {
            throw new BadRequestException("The fake does not implement min_should");
        }

        return All(f["must"], c => Condition(point, c))
            && (f["should"] is null || Conditions(f["should"]).Any(c => Condition(point, c)))
            && !Conditions(f["must_not"]).Any(c => Condition(point, c));

        static bool All(JsonNode? node, Func<JsonNode, bool> test) => Conditions(node).All(test);
    }

    private static IEnumerable<JsonNode> Conditions(JsonNode? node) => node switch
    {
        null => [],
        JsonArray array => array.Select(c => c!),
        _ => [node],
    };

    private static bool Condition(Point point, JsonNode condition)
    {
        if (condition["has_id"] is JsonArray ids)
        {
            return ids.Any(id => id!.ToJsonString() == point.Id.ToJsonString());
        }

        if (condition["key"] is null)
        {
            return Matches(point, condition);
        }

        var values = point.Payload[condition["key"]!.GetValue<string>()] switch
        {
            null => [],
            JsonArray array => array.Select(v => v!.ToJsonString()).ToList(),
            var single => [single.ToJsonString()],
        };
        var match = condition["match"] ?? throw new BadRequestException("The fake implements match conditions only");
        if (match["value"] is { } value)
        {
            return values.Contains(value.ToJsonString());
        }

        if (match["any"] is JsonArray any)
        {
            return any.Any(a => values.Contains(a!.ToJsonString()));
        }

        if (match["except"] is JsonArray except)
        {
            return !values.Any(v => except.Any(e => e!.ToJsonString() == v));
        }

        throw new BadRequestException("The fake implements match value, any and except only");
    }

    private (int, JsonNode) WithCollection(string name, Func<Collection, (int, JsonNode)> action)
    {
        if (!_collections.TryGetValue(name, out var collection))
        {
            return NotFound(name);
        }

        try
        {
            return action(collection);
        }
        catch (BadRequestException ex)
        {
            return Error(400, ex.Message);
        }
    }

    private static (int, JsonNode) Ok(JsonNode result) => (200, new JsonObject { ["result"] = result, ["status"] = "ok", ["time"] = 0.0001 });

    private static (int, JsonNode) NotFound(string name) => Error(404, $"Not found: Collection `{name}` doesn't exist!");

    private static (int, JsonNode) Error(int status, string message) =>
        (status, new JsonObject { ["status"] = new JsonObject { ["error"] = message }, ["time"] = 0.0001, ["result"] = null });

    private static float[] Normalize(float[] v)
    {
        var norm = MathF.Sqrt(v.Sum(x => x * x));
        return norm == 0 ? v : v.Select(x => x / norm).ToArray();
    }

    private static float Dot(float[] a, float[] b) => a.Zip(b).Sum(p => p.First * p.Second);

    private sealed class Collection
    {
        public Dictionary<string, (int Size, string Distance)> Dense { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string> Sparse { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string> PayloadIndexes { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, Point> Points { get; } = new(StringComparer.Ordinal);
    }

    private sealed class Point(JsonNode id, JsonObject payload)
    {
        public JsonNode Id { get; } = id;

        public JsonObject Payload { get; } = payload;

        public Dictionary<string, float[]> Dense { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, Dictionary<uint, float>> Sparse { get; } = new(StringComparer.Ordinal);
    }

    private sealed class BadRequestException(string message) : Exception(message);
}
