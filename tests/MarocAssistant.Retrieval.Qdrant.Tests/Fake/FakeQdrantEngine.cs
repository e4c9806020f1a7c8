using Google.Protobuf.Collections;
using Grpc.Core;
using MarocAssistant.Retrieval.Qdrant.Tests.Fake.Grpc;

namespace MarocAssistant.Retrieval.Qdrant.Tests.Fake;

/// <summary>
/// The state and semantics of the fake Qdrant, one lock for everything. What it implements behaves as Qdrant 1.19
/// does: named dense vectors (Cosine, Dot) searched exactly, sparse vectors (dot product over shared dimensions,
/// the <c>idf</c> modifier applied to the query weights, optionally over a filtered corpus), prefetch with RRF
/// fusion (default k = 2, or k and one weight per prefetch) and the root filter propagated into the prefetches,
/// payload filters, payload indexes, upsert and delete with <c>wait</c>. What Qdrant refuses, it refuses with
/// Qdrant's status code (unknown collection: NotFound; unknown vector name, wrong dimension, sparse vector where no
/// sparse config has that name: InvalidArgument; existing collection: AlreadyExists). What it does not implement
/// answers Unimplemented, so a test can never pass on a feature the fake only pretends to have.
/// </summary>
internal sealed class FakeQdrantEngine
{
    /// <summary>Qdrant's default RRF constant (lib/segment/src/common/reciprocal_rank_fusion.rs).</summary>
    public const int DefaultRrfK = 2;

    private const ulong DefaultLimit = 10;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, FakeCollection> _collections = new(StringComparer.Ordinal);
    private ulong _operation;

    public bool Exists(string name)
    {
        lock (_lock)
        {
            return _collections.ContainsKey(name);
        }
    }

    public IReadOnlyList<string> List()
    {
        lock (_lock)
        {
            return _collections.Keys.Order(StringComparer.Ordinal).ToList();
        }
    }

    public bool Create(CreateCollection request)
    {
        ValidateName(request.CollectionName);
        var collection = new FakeCollection();
        switch (request.VectorsConfig?.ConfigCase ?? VectorsConfig.ConfigOneofCase.None)
        {
            case VectorsConfig.ConfigOneofCase.Params:
                AddDense(collection, "", request.VectorsConfig!.Params);
                break;
            case VectorsConfig.ConfigOneofCase.ParamsMap:
                foreach (var (name, config) in request.VectorsConfig!.ParamsMap.Map)
                {
                    AddDense(collection, name, config);
                }

                break;
        }

        foreach (var (name, config) in request.SparseVectorsConfig?.Map ?? [])
        {
            if (collection.Dense.ContainsKey(name))
            {
                throw InvalidArgument($"Wrong input: vector name `{name}` is used by a dense and a sparse vector");
            }

            collection.Sparse[name] = config.HasModifier ? config.Modifier : Modifier.None;
        }

        if (request.QuantizationConfig is not null || request.HasShardingMethod && request.ShardingMethod == ShardingMethod.Custom)
        {
            throw Unimplemented("quantization and custom sharding");
        }

        lock (_lock)
        {
            if (_collections.ContainsKey(request.CollectionName))
            {
                throw new RpcException(new Status(StatusCode.AlreadyExists, $"Wrong input: Collection `{request.CollectionName}` already exists!"));
            }

            _collections[request.CollectionName] = collection;
            return true;
        }
    }

    /// <summary>Like Qdrant: <c>false</c> (not an error) when there was no such collection.</summary>
    public bool Delete(string name)
    {
        lock (_lock)
        {
            return _collections.Remove(name);
        }
    }

    public CollectionInfo Info(string name)
    {
        lock (_lock)
        {
            var collection = Get(name);
            var vectors = new VectorParamsMap();
            foreach (var (vectorName, (size, distance)) in collection.Dense)
            {
                vectors.Map[vectorName] = new VectorParams { Size = size, Distance = distance };
            }

            var sparse = new SparseVectorConfig();
            foreach (var (vectorName, modifier) in collection.Sparse)
            {
                sparse.Map[vectorName] = new SparseVectorParams { Modifier = modifier };
            }

            var info = new CollectionInfo
            {
                Status = CollectionStatus.Green,
                OptimizerStatus = new OptimizerStatus { Ok = true },
                SegmentsCount = 1,
                PointsCount = (ulong)collection.Points.Count,
                IndexedVectorsCount = 0,
                Config = new CollectionConfig
                {
                    Params = new CollectionParams
                    {
                        ShardNumber = 1,
                        VectorsConfig = collection.Dense.ContainsKey("") ? new VectorsConfig { Params = vectors.Map[""] } : new VectorsConfig { ParamsMap = vectors },
                        SparseVectorsConfig = sparse,
                    },
                    HnswConfig = new HnswConfigDiff(),
                    OptimizerConfig = new OptimizersConfigDiff(),
                    WalConfig = new WalConfigDiff(),
                },
                UpdateQueue = new UpdateQueueInfo(),
            };
            foreach (var (field, type) in collection.PayloadIndexes)
            {
                info.PayloadSchema[field] = new PayloadSchemaInfo { DataType = type, Points = (ulong)collection.Points.Values.Count(p => FakeFilters.Values(p.Payload, field).Count > 0) };
            }

            return info;
        }
    }

    public UpdateResult Upsert(UpsertPoints request)
    {
        if (request.UpdateFilter is not null || request.HasUpdateMode && request.UpdateMode != UpdateMode.Upsert || request.ShardKeySelector is not null)
        {
            throw Unimplemented("update_filter, update_mode other than upsert, and shard keys");
        }

        lock (_lock)
        {
            var collection = Get(request.CollectionName);

            // Validate every point before changing anything: a refused request leaves the collection as it was.
            var staged = request.Points.Select(p => Parse(collection, p)).ToList();
            var version = ++_operation;
            foreach (var point in staged)
            {
                point.Version = version;
                collection.Points[point.Key] = point;
            }

            return Completed(version, request.HasWait && request.Wait);
        }
    }

    public UpdateResult DeletePoints(DeletePoints request)
    {
        lock (_lock)
        {
            var collection = Get(request.CollectionName);
            var selector = request.Points ?? throw InvalidArgument("Wrong input: points selector is required");
            var keys = selector.PointsSelectorOneOfCase switch
            {
                PointsSelector.PointsSelectorOneOfOneofCase.Points => selector.Points.Ids.Select(Key).ToList(),
                PointsSelector.PointsSelectorOneOfOneofCase.Filter => collection.Points.Values.Where(p => FakeFilters.Matches(p, selector.Filter)).Select(p => p.Key).ToList(),
                _ => throw InvalidArgument("Wrong input: points selector is required"),
            };
            foreach (var key in keys)
            {
                collection.Points.Remove(key);
            }

            return Completed(++_operation, request.HasWait && request.Wait);
        }
    }

    public UpdateResult CreateFieldIndex(CreateFieldIndexCollection request)
    {
        if (!request.HasFieldType)
        {
            throw InvalidArgument("Wrong input: field_type is required");
        }

        var type = request.FieldType switch
        {
            FieldType.Keyword => PayloadSchemaType.Keyword,
            FieldType.Integer => PayloadSchemaType.Integer,
            FieldType.Float => PayloadSchemaType.Float,
            FieldType.Bool => PayloadSchemaType.Bool,
            FieldType.Uuid => PayloadSchemaType.Uuid,
            _ => throw Unimplemented($"payload index type {request.FieldType}"),
        };
        lock (_lock)
        {
            var collection = Get(request.CollectionName);
            collection.PayloadIndexes[request.FieldName] = type;
            return Completed(++_operation, request.HasWait && request.Wait);
        }
    }

    public ulong Count(CountPoints request)
    {
        lock (_lock)
        {
            var collection = Get(request.CollectionName);
            return (ulong)collection.Points.Values.Count(p => FakeFilters.Matches(p, request.Filter));
        }
    }

    public RepeatedField<ScoredPoint> RunQuery(string collectionName, QueryPoints request)
    {
        if (request.LookupFrom is not null || request.ShardKeySelector is not null)
        {
            throw Unimplemented("lookup_from and shard keys");
        }

        lock (_lock)
        {
            var collection = Get(collectionName);
            // The offset skips the first results of the top level only; the limit counts after it.
            var offset = request.HasOffset ? request.Offset : 0;
            var limit = request.HasLimit ? request.Limit : DefaultLimit;
            var results = Run(collection, new Step(request.Prefetch, request.Query, request.HasUsing ? request.Using : "", request.Filter, request.Params, request.HasScoreThreshold ? request.ScoreThreshold : null, limit + offset), []);
            var answer = new RepeatedField<ScoredPoint>();
            foreach (var (point, score) in results.Skip((int)offset))
            {
                var scored = new ScoredPoint { Id = point.Id.Clone(), Score = (float)score, Version = point.Version };
                FakeFilters.SelectPayload(point.Payload, request.WithPayload, scored.Payload);
                if (VectorsOf(point, request.WithVectors) is { } vectors)
                {
                    scored.Vectors = vectors;
                }

                answer.Add(scored);
            }

            return answer;
        }
    }

    private static VectorsOutput? VectorsOf(FakePoint point, WithVectorsSelector? selector)
    {
        bool Wanted(string name) => selector?.SelectorOptionsCase switch
        {
            WithVectorsSelector.SelectorOptionsOneofCase.Enable => selector.Enable,
            WithVectorsSelector.SelectorOptionsOneofCase.Include => selector.Include.Names.Contains(name),
            _ => false,
        };

        var output = new NamedVectorsOutput();
        foreach (var (name, values) in point.Dense.Where(d => Wanted(d.Key)))
        {
            output.Vectors[name] = new VectorOutput { Dense = new DenseVector { Data = { values } } };
        }

        foreach (var (name, values) in point.Sparse.Where(s => Wanted(s.Key)))
        {
            output.Vectors[name] = new VectorOutput { Sparse = new SparseVector { Indices = { values.Keys }, Values = { values.Values } } };
        }

        return output.Vectors.Count == 0 ? null : new VectorsOutput { Vectors = output };
    }

    /// <summary>One query level: the fields a <see cref="QueryPoints"/> and a <see cref="PrefetchQuery"/> share.</summary>
    private sealed record Step(RepeatedField<PrefetchQuery> Prefetch, Query? Query, string Using, Filter? Filter, SearchParams? Params, float? Threshold, ulong Limit);

    private static List<(FakePoint Point, double Score)> Run(FakeCollection collection, Step step, IReadOnlyList<Filter> inherited)
    {
        // Qdrant propagates a query's filter into its prefetches: a fused point satisfies every filter above it.
        var filters = step.Filter is null ? inherited : [.. inherited, step.Filter];
        List<(FakePoint Point, double Score)> results;
        if (step.Prefetch.Count > 0)
        {
            var lists = step.Prefetch
                .Select(p => Run(collection, new Step(p.Prefetch, p.Query, p.HasUsing ? p.Using : "", p.Filter, p.Params, p.HasScoreThreshold ? p.ScoreThreshold : null, p.HasLimit ? p.Limit : DefaultLimit), filters))
                .ToList();
            results = Fuse(step.Query, lists);
        }
        else
        {
            results = Nearest(collection, step, filters);
        }

        return results
            .Where(r => step.Threshold is null || r.Score >= step.Threshold)
            .OrderByDescending(r => r.Score)
            .ThenBy(r => r.Point.Key, StringComparer.Ordinal)
            .Take((int)step.Limit)
            .ToList();
    }

    private static List<(FakePoint Point, double Score)> Fuse(Query? query, List<List<(FakePoint Point, double Score)>> lists)
    {
        var (k, weights) = query?.VariantCase switch
        {
            Query.VariantOneofCase.Fusion when query.Fusion == Fusion.Rrf => (DefaultRrfK, (IReadOnlyList<float>?)null),
            Query.VariantOneofCase.Rrf => ((int)(query.Rrf.HasK ? query.Rrf.K : DefaultRrfK), query.Rrf.Weights.Count > 0 ? query.Rrf.Weights : null),
            _ => throw Unimplemented($"a {query?.VariantCase.ToString() ?? "missing"} query over prefetches (the fake fuses by RRF only)"),
        };
        if (weights is not null && weights.Count != lists.Count)
        {
            throw InvalidArgument($"Wrong input: the number of RRF weights ({weights.Count}) must match the number of prefetches ({lists.Count})");
        }

        var scores = new Dictionary<FakePoint, double>();
        for (var l = 0; l < lists.Count; l++)
        {
            var w = (double)(weights?[l] ?? 1f);
            for (var rank = 0; rank < lists[l].Count; rank++)
            {
                var point = lists[l][rank].Point;
                scores[point] = scores.GetValueOrDefault(point) + (1.0 / (((rank + 1) / w) + k - 1));
            }
        }

        return scores.Select(s => (s.Key, s.Value)).ToList();
    }

    private static List<(FakePoint Point, double Score)> Nearest(FakeCollection collection, Step step, IReadOnlyList<Filter> filters)
    {
        if (step.Query?.VariantCase != Query.VariantOneofCase.Nearest)
        {
            throw Unimplemented($"a {step.Query?.VariantCase.ToString() ?? "missing"} query (the fake implements nearest and fusion)");
        }

        var input = step.Query.Nearest;
        var candidates = collection.Points.Values.Where(p => filters.All(f => FakeFilters.Matches(p, f))).ToList();
        if (collection.Dense.TryGetValue(step.Using, out var config))
        {
            if (input.VariantCase != VectorInput.VariantOneofCase.Dense)
            {
                throw InvalidArgument($"Wrong input: vector `{step.Using}` is dense; a {input.VariantCase} query cannot search it");
            }

            var query = input.Dense.Data.ToArray();
            if ((ulong)query.Length != config.Size)
            {
                throw InvalidArgument($"Wrong input: Vector dimension error: expected dim: {config.Size}, got {query.Length}");
            }

            query = config.Distance == Distance.Cosine ? Normalize(query) : query;
            return candidates.Where(p => p.Dense.ContainsKey(step.Using)).Select(p => (p, Dot(query, p.Dense[step.Using]))).ToList();
        }

        if (collection.Sparse.TryGetValue(step.Using, out var modifier))
        {
            if (input.VariantCase != VectorInput.VariantOneofCase.Sparse)
            {
                throw InvalidArgument($"Wrong input: vector `{step.Using}` is sparse; a {input.VariantCase} query cannot search it");
            }

            var query = SparseOf(input.Sparse.Indices, input.Sparse.Values);

            // IDF over the points that have this vector, or over the corpus filter of SearchParams.idf (new in 1.19).
            var corpus = collection.Points.Values.Where(p => p.Sparse.ContainsKey(step.Using));
            if (step.Params?.Idf?.Corpus is { } corpusFilter)
            {
                corpus = corpus.Where(p => FakeFilters.Matches(p, corpusFilter));
            }

            var corpusList = corpus.ToList();
            var results = new List<(FakePoint, double)>();
            foreach (var point in candidates.Where(p => p.Sparse.ContainsKey(step.Using)))
            {
                var stored = point.Sparse[step.Using];
                double score = 0;
                var overlap = false;
                foreach (var (index, weight) in query)
                {
                    if (!stored.TryGetValue(index, out var value))
                    {
                        continue;
                    }

                    var w = (double)weight;
                    if (modifier == Modifier.Idf)
                    {
                        var df = corpusList.Count(p => p.Sparse[step.Using].ContainsKey(index));
                        w *= Math.Log(((corpusList.Count - df + 0.5) / (df + 0.5)) + 1);
                    }

                    score += w * value;
                    overlap = true;
                }

                // The inverted index only finds points that share a dimension with the query.
                if (overlap)
                {
                    results.Add((point, score));
                }
            }

            return results;
        }

        throw InvalidArgument($"Wrong input: Not existing vector name error: {step.Using}");
    }

    private FakeCollection Get(string name) =>
        _collections.TryGetValue(name, out var collection)
            ? collection
            : throw new RpcException(new Status(StatusCode.NotFound, $"Not found: Collection `{name}` doesn't exist!"));

    private static void ValidateName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 255 || name.IndexOfAny(['/', '\\', '\0', '<', '>', ':', '"', '|', '?', '*']) >= 0)
        {
            throw InvalidArgument($"Validation error in body: collection_name `{name}` is not a valid collection name");
        }
    }

    private static void AddDense(FakeCollection collection, string name, VectorParams config)
    {
        if (config.Size is 0 or > 65536)
        {
            throw InvalidArgument($"Validation error in body: size: value {config.Size} invalid, must be from 1 to 65536");
        }

        if (config.MultivectorConfig is not null)
        {
            throw Unimplemented("multivectors");
        }

        collection.Dense[name] = config.Distance switch
        {
            Distance.Cosine or Distance.Dot => (config.Size, config.Distance),
            Distance.UnknownDistance => throw InvalidArgument("Wrong input: distance is required"),
            _ => throw Unimplemented($"distance {config.Distance}"),
        };
    }

    private static FakePoint Parse(FakeCollection collection, PointStruct point)
    {
        var stored = new FakePoint(point.Id ?? throw InvalidArgument("Wrong input: point id is required"), Key(point.Id));
        stored.Id = Normalized(point.Id);
        foreach (var (name, value) in point.Payload)
        {
            stored.Payload[name] = value.Clone();
        }

        var vectors = point.Vectors?.VectorsOptionsCase switch
        {
            Vectors.VectorsOptionsOneofCase.Vector => new Dictionary<string, Vector> { [""] = point.Vectors.Vector },
            Vectors.VectorsOptionsOneofCase.Vectors_ => point.Vectors.Vectors_.Vectors.ToDictionary(v => v.Key, v => v.Value),
            _ => [],
        };
        foreach (var (name, vector) in vectors)
        {
            var (dense, sparse) = Decode(vector);
            if (collection.Dense.TryGetValue(name, out var config))
            {
                if (dense is null)
                {
                    throw InvalidArgument($"Wrong input: Conversion between sparse and regular vectors failed: `{name}` is a dense vector");
                }

                if ((ulong)dense.Length != config.Size)
                {
                    throw InvalidArgument($"Wrong input: Vector dimension error: expected dim: {config.Size}, got {dense.Length}");
                }

                stored.Dense[name] = config.Distance == Distance.Cosine ? Normalize(dense) : dense;
            }
            else if (collection.Sparse.ContainsKey(name))
            {
                stored.Sparse[name] = sparse ?? throw InvalidArgument($"Wrong input: Conversion between sparse and regular vectors failed: `{name}` is a sparse vector");
            }
            else
            {
                // A sparse vector under a name that has no sparse config lands here too, as in Qdrant.
                throw InvalidArgument($"Wrong input: Not existing vector name error: {name}");
            }
        }

        return stored;
    }

    /// <summary>A vector in the current form (dense / sparse) or the deprecated one (data [+ indices]).</summary>
    private static (float[]? Dense, SortedDictionary<uint, float>? Sparse) Decode(Vector vector) => vector.VectorCase switch
    {
        Vector.VectorOneofCase.Dense => (vector.Dense.Data.ToArray(), null),
        Vector.VectorOneofCase.Sparse => (null, SparseOf(vector.Sparse.Indices, vector.Sparse.Values)),
#pragma warning disable CS0612 // The deprecated fields are what older clients send; Qdrant still accepts them.
        Vector.VectorOneofCase.None when vector.Indices is not null => (null, SparseOf(vector.Indices.Data, vector.Data)),
        Vector.VectorOneofCase.None when vector.Data.Count > 0 => (vector.Data.ToArray(), null),
#pragma warning restore CS0612
        Vector.VectorOneofCase.Document or Vector.VectorOneofCase.Image or Vector.VectorOneofCase.Object =>
            throw InvalidArgument("Wrong input: inference (document, image, object) is not available in this Qdrant"),
        _ => throw Unimplemented($"a {vector.VectorCase} vector"),
    };

    private static SortedDictionary<uint, float> SparseOf(RepeatedField<uint> indices, RepeatedField<float> values)
    {
        if (indices.Count != values.Count)
        {
            throw InvalidArgument($"Validation error in body: sparse vector has {indices.Count} indices and {values.Count} values");
        }

        var sparse = new SortedDictionary<uint, float>();
        for (var i = 0; i < indices.Count; i++)
        {
            if (!sparse.TryAdd(indices[i], values[i]))
            {
                throw InvalidArgument($"Validation error in body: sparse vector indices must be unique ({indices[i]} repeats)");
            }
        }

        return sparse;
    }

    internal static string Key(PointId id) => id.PointIdOptionsCase switch
    {
        PointId.PointIdOptionsOneofCase.Num => "n:" + id.Num.ToString("D20", System.Globalization.CultureInfo.InvariantCulture),
        PointId.PointIdOptionsOneofCase.Uuid when Guid.TryParse(id.Uuid, out var uuid) => "u:" + uuid.ToString("D"),
        PointId.PointIdOptionsOneofCase.Uuid => throw InvalidArgument($"Unable to parse UUID: {id.Uuid}"),
        _ => throw InvalidArgument("Wrong input: point id is required"),
    };

    private static PointId Normalized(PointId id) =>
        id.PointIdOptionsCase == PointId.PointIdOptionsOneofCase.Uuid ? new PointId { Uuid = Guid.Parse(id.Uuid).ToString("D") } : id.Clone();

    private static UpdateResult Completed(ulong operation, bool wait) =>
        new() { OperationId = operation, Status = wait ? UpdateStatus.Completed : UpdateStatus.Acknowledged };

    private static float[] Normalize(float[] v)
    {
        var norm = MathF.Sqrt(v.Sum(x => x * x));
        return norm == 0 ? v : v.Select(x => x / norm).ToArray();
    }

    private static double Dot(float[] a, float[] b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    internal static RpcException InvalidArgument(string message) => new(new Status(StatusCode.InvalidArgument, message));

    internal static RpcException Unimplemented(string what) => new(new Status(StatusCode.Unimplemented, $"The fake Qdrant does not implement {what}."));
}

internal sealed class FakeCollection
{
    public Dictionary<string, (ulong Size, Distance Distance)> Dense { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Modifier> Sparse { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, PayloadSchemaType> PayloadIndexes { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, FakePoint> Points { get; } = new(StringComparer.Ordinal);
}

internal sealed class FakePoint(PointId id, string key)
{
    public PointId Id { get; set; } = id;

    public string Key { get; } = key;

    public ulong Version { get; set; }

    public Dictionary<string, Value> Payload { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, float[]> Dense { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, SortedDictionary<uint, float>> Sparse { get; } = new(StringComparer.Ordinal);
}
