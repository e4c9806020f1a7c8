using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Pointer;
using Json.Schema;

namespace MarocAssistant.Training.CorpusCheck;

/// <summary>
/// Validates JSON instances against a JSON Schema (draft 2020-12 unless the schema's <c>$schema</c> says otherwise)
/// with JsonSchema.Net, and words each violation as <c>path: what is wrong</c>, the path written <c>$.fr.steps[0]</c>:
/// <c>missing required "ary_latn"</c>, <c>unknown field "colour"</c>, or the keyword, the library's message and the
/// value found.
/// </summary>
public sealed class JsonSchemaValidator
{
    private const int MaxShownValueLength = 80;

    private static readonly EvaluationOptions Options = new() { OutputFormat = OutputFormat.List };

    private readonly JsonSchema _schema;

    public JsonSchemaValidator(JsonNode rootSchema)
    {
        ArgumentNullException.ThrowIfNull(rootSchema);

        // A registry of its own: the same schema ($id) may be loaded again (every `corpus check`, every test).
        _schema = JsonSchema.FromText(rootSchema.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
    }

    /// <summary>Every violation, as "path: message"; empty when the instance is valid.</summary>
    public IReadOnlyList<string> Validate(JsonNode? instance)
    {
        using var document = JsonDocument.Parse(instance?.ToJsonString() ?? "null");
        var results = _schema.Evaluate(document.RootElement, Options);
        if (results.IsValid)
        {
            return [];
        }

        var errors = new List<string>();
        foreach (var node in (results.Details ?? []).Prepend(results))
        {
            foreach (var (keyword, message) in node.Errors ?? new Dictionary<string, string>())
            {
                errors.Add(Describe(node, keyword, message, instance));
            }
        }

        if (errors.Count == 0)
        {
            // Some failures carry no message of their own (oneOf matched by several alternatives): name the deepest
            // failing subschema.
            var deepest = (results.Details ?? []).Prepend(results).Where(n => !n.IsValid).MaxBy(n => n.EvaluationPath.SegmentCount)!;
            var where = deepest.EvaluationPath.SegmentCount == 0 ? "#" : "#" + deepest.EvaluationPath;
            var segments = Segments(deepest.InstanceLocation);
            errors.Add($"{Path(segments)}: does not match the schema at {where} (found {Shorten(ValueAt(instance, segments))})");
        }

        return errors.Distinct(StringComparer.Ordinal).ToList();
    }

    private static string Describe(EvaluationResults node, string keyword, string message, JsonNode? instance)
    {
        var segments = Segments(node.InstanceLocation);
        var evaluation = node.EvaluationPath.ToString();
        if (keyword == "required" && RequiredNames(message) is { Count: > 0 } missing)
        {
            return $"{Path(segments)}: missing required {string.Join(", ", missing.Select(n => "\"" + n + "\""))}";
        }

        if (keyword.Length == 0 && evaluation.EndsWith("/additionalProperties", StringComparison.Ordinal) && segments.Count > 0)
        {
            return $"{Path(segments[..^1])}: unknown field \"{segments[^1]}\"";
        }

        var value = ValueAt(instance, segments);
        var label = keyword.Length == 0 ? "" : keyword + ": ";
        return $"{Path(segments)}: {label}{message} (found {Shorten(value)})";
    }

    private static List<string> Segments(JsonPointer pointer)
    {
        var segments = new List<string>(pointer.SegmentCount);
        for (var i = 0; i < pointer.SegmentCount; i++)
        {
            segments.Add(pointer[i].ToString());
        }

        return segments;
    }

    // "Required properties ["a","b"] are not present": the names are the JSON array in the message.
    private static List<string>? RequiredNames(string message)
    {
        var start = message.IndexOf('[', StringComparison.Ordinal);
        var end = message.LastIndexOf(']');
        if (start < 0 || end <= start)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(message[start..(end + 1)]) is JsonArray names ? names.Select(n => n?.ToString() ?? "").ToList() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonNode? ValueAt(JsonNode? instance, List<string> segments)
    {
        var node = instance;
        foreach (var segment in segments)
        {
            node = node switch
            {
                JsonObject obj => obj[segment],
                JsonArray array when int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < array.Count => array[i],
                _ => null,
            };
        }

        return node;
    }

    private static string Path(IEnumerable<string> segments)
    {
        var path = new StringBuilder("$");
        foreach (var segment in segments)
        {
            if (segment.Length > 0 && segment.All(char.IsAsciiDigit))
            {
                path.Append('[').Append(segment).Append(']');
            }
            else if (segment.Length > 0 && segment.All(c => char.IsAsciiLetterOrDigit(c) || c == '_' || c == '-'))
            {
                path.Append('.').Append(segment);
            }
            else
            {
                path.Append('[').Append(JsonSerializer.Serialize(segment, JsonSchemaValidatorJson.Default.String)).Append(']');
            }
        }

        return path.ToString();
    }

    private static string Shorten(JsonNode? value)
    {
        var text = value?.ToJsonString() ?? "null";
        return text.Length <= MaxShownValueLength ? text : text[..MaxShownValueLength] + "…";
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class JsonSchemaValidatorJson : System.Text.Json.Serialization.JsonSerializerContext;
