using Google.Protobuf.Collections;
using MarocAssistant.Retrieval.Qdrant.Tests.Fake.Grpc;

namespace MarocAssistant.Retrieval.Qdrant.Tests.Fake;

/// <summary>
/// Qdrant's payload filter semantics (lib/segment payload_storage condition_checker): a condition on an array holds
/// when it holds for any element; <c>except</c> holds for a value not in the list (a null never); a missing field
/// satisfies no match or range. must = all, should = any (when present), must_not = none, min_should = at least n.
/// </summary>
internal static class FakeFilters
{
    public static bool Matches(FakePoint point, Filter? filter)
    {
        if (filter is null)
        {
            return true;
        }

        return filter.Must.All(c => Holds(point, c))
            && (filter.Should.Count == 0 || filter.Should.Any(c => Holds(point, c)))
            && !filter.MustNot.Any(c => Holds(point, c))
            && (filter.MinShould is null || filter.MinShould.Conditions.Count(c => Holds(point, c)) >= (int)filter.MinShould.MinCount);
    }

    /// <summary>The values at a key path (<c>a.b</c>), arrays along the way flattened, as Qdrant reads a payload.</summary>
    public static List<Value> Values(IReadOnlyDictionary<string, Value> payload, string key)
    {
        var parts = key.Split('.');
        var current = new List<Value>();
        if (payload.TryGetValue(parts[0].TrimEnd('[', ']'), out var first))
        {
            current.Add(first);
        }

        foreach (var part in parts.Skip(1))
        {
            var name = part.TrimEnd('[', ']');
            current = Flatten(current)
                .Where(v => v.KindCase == Value.KindOneofCase.StructValue && v.StructValue.Fields.ContainsKey(name))
                .Select(v => v.StructValue.Fields[name])
                .ToList();
        }

        return Flatten(current).ToList();
    }

    public static void SelectPayload(Dictionary<string, Value> payload, WithPayloadSelector? selector, MapField<string, Value> target)
    {
        IEnumerable<KeyValuePair<string, Value>> selected = selector?.SelectorOptionsCase switch
        {
            WithPayloadSelector.SelectorOptionsOneofCase.Enable when selector.Enable => payload,
            WithPayloadSelector.SelectorOptionsOneofCase.Include => payload.Where(p => selector.Include.Fields.Contains(p.Key)),
            WithPayloadSelector.SelectorOptionsOneofCase.Exclude => payload.Where(p => !selector.Exclude.Fields.Contains(p.Key)),

            // Qdrant's query default: no payload.
            _ => [],
        };
        foreach (var (key, value) in selected)
        {
            target[key] = value.Clone();
        }
    }

    private static IEnumerable<Value> Flatten(IEnumerable<Value> values) =>
        values.SelectMany(v => v.KindCase == Value.KindOneofCase.ListValue ? v.ListValue.Values : [v]);

    private static bool Holds(FakePoint point, Condition condition) => condition.ConditionOneOfCase switch
    {
        Condition.ConditionOneOfOneofCase.Field => Field(point, condition.Field),
        Condition.ConditionOneOfOneofCase.Filter => Matches(point, condition.Filter),
        Condition.ConditionOneOfOneofCase.HasId => condition.HasId.HasId.Any(id => FakeQdrantEngine.Key(id) == point.Key),
        Condition.ConditionOneOfOneofCase.HasVector => point.Dense.ContainsKey(condition.HasVector.HasVector) || point.Sparse.ContainsKey(condition.HasVector.HasVector),
        Condition.ConditionOneOfOneofCase.IsEmpty => IsEmpty(point, condition.IsEmpty.Key),
        Condition.ConditionOneOfOneofCase.IsNull => IsNull(point, condition.IsNull.Key),
        _ => throw FakeQdrantEngine.Unimplemented($"{condition.ConditionOneOfCase} conditions"),
    };

    private static bool IsEmpty(FakePoint point, string key) =>
        Values(point.Payload, key).All(v => v.KindCase == Value.KindOneofCase.NullValue);

    private static bool IsNull(FakePoint point, string key) =>
        point.Payload.TryGetValue(key, out var value) && value.KindCase == Value.KindOneofCase.NullValue;

    private static bool Field(FakePoint point, FieldCondition condition)
    {
        if (condition.GeoBoundingBox is not null || condition.GeoRadius is not null || condition.GeoPolygon is not null
            || condition.ValuesCount is not null || condition.DatetimeRange is not null || condition.HasIsEmpty || condition.HasIsNull)
        {
            throw FakeQdrantEngine.Unimplemented("geo, values_count, datetime, is_empty and is_null field conditions");
        }

        var values = Values(point.Payload, condition.Key);
        if (condition.Match is { } match)
        {
            return values.Any(v => Match(match, v));
        }

        if (condition.Range is { } range)
        {
            return values.Any(v => v.KindCase is Value.KindOneofCase.DoubleValue or Value.KindOneofCase.IntegerValue && InRange(range, Number(v)));
        }

        throw FakeQdrantEngine.InvalidArgument("Wrong input: a field condition needs a match or a range");
    }

    private static bool Match(Match match, Value value) => match.MatchValueCase switch
    {
        Grpc.Match.MatchValueOneofCase.Keyword => value.KindCase == Value.KindOneofCase.StringValue && value.StringValue == match.Keyword,
        Grpc.Match.MatchValueOneofCase.Integer => value.KindCase == Value.KindOneofCase.IntegerValue && value.IntegerValue == match.Integer,
        Grpc.Match.MatchValueOneofCase.Boolean => value.KindCase == Value.KindOneofCase.BoolValue && value.BoolValue == match.Boolean,
        Grpc.Match.MatchValueOneofCase.Keywords => value.KindCase == Value.KindOneofCase.StringValue && match.Keywords.Strings.Contains(value.StringValue),
        Grpc.Match.MatchValueOneofCase.Integers => value.KindCase == Value.KindOneofCase.IntegerValue && match.Integers.Integers.Contains(value.IntegerValue),
        Grpc.Match.MatchValueOneofCase.ExceptKeywords => value.KindCase switch
        {
            Value.KindOneofCase.StringValue => !match.ExceptKeywords.Strings.Contains(value.StringValue),
            Value.KindOneofCase.NullValue => false,
            _ => true,
        },
        Grpc.Match.MatchValueOneofCase.ExceptIntegers => value.KindCase switch
        {
            Value.KindOneofCase.IntegerValue => !match.ExceptIntegers.Integers.Contains(value.IntegerValue),
            Value.KindOneofCase.NullValue => false,
            _ => true,
        },
        _ => throw FakeQdrantEngine.Unimplemented($"{match.MatchValueCase} matches (full-text needs a text index)"),
    };

    private static double Number(Value value) => value.KindCase == Value.KindOneofCase.IntegerValue ? value.IntegerValue : value.DoubleValue;

    private static bool InRange(Grpc.Range range, double x) =>
        (!range.HasLt || x < range.Lt) && (!range.HasGt || x > range.Gt) && (!range.HasLte || x <= range.Lte) && (!range.HasGte || x >= range.Gte);
}
