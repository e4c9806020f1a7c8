using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace MarocAssistant.Retrieval.Corpus.Checking;

/// <summary>
/// A validator for the part of JSON Schema our files use: type, enum, const, pattern, minLength, minimum, required,
/// properties, additionalProperties, items, minItems, uniqueItems, local $ref, anyOf/oneOf/allOf and OpenAPI's nullable.
/// Written here because no JSON Schema library is served by the package source; unknown keywords are ignored.
/// </summary>
public sealed class JsonSchemaValidator
{
    private readonly JsonNode _root;

    public JsonSchemaValidator(JsonNode rootSchema)
    {
        _root = rootSchema;
    }

    /// <summary>Every violation, as "path: message"; empty when the instance is valid.</summary>
    public IReadOnlyList<string> Validate(JsonNode? instance) => Validate(instance, _root, "$");

    public IReadOnlyList<string> Validate(JsonNode? instance, JsonNode schema, string path)
    {
        var errors = new List<string>();
        Check(instance, schema, path, errors);
        return errors;
    }

    private void Check(JsonNode? value, JsonNode? schema, string path, List<string> errors)
    {
        if (schema is not JsonObject s)
        {
            return;
        }

        if (s["$ref"] is JsonValue reference)
        {
            Check(value, Resolve(reference.GetValue<string>()), path, errors);
            return;
        }

        if (value is null && s["nullable"]?.GetValue<bool>() == true)
        {
            return;
        }

        if (s["type"] is { } type && !MatchesType(value, type))
        {
            errors.Add($"{path}: expected {type.ToJsonString()}, got {Describe(value)}");
            return;
        }

        if (s["enum"] is JsonArray options && !options.Any(o => JsonNode.DeepEquals(o, value)))
        {
            errors.Add($"{path}: {Describe(value)} is not one of {options.ToJsonString()}");
        }

        if (s["const"] is { } constant && !JsonNode.DeepEquals(constant, value))
        {
            errors.Add($"{path}: must be {constant.ToJsonString()}");
        }

        CheckCombinators(value, s, path, errors);
        switch (value)
        {
            case JsonObject obj:
                CheckObject(obj, s, path, errors);
                break;
            case JsonArray array:
                CheckArray(array, s, path, errors);
                break;
            case JsonValue scalar when scalar.TryGetValue<string>(out var text):
                if (s["minLength"] is { } minLength && text.Length < minLength.GetValue<int>())
                {
                    errors.Add($"{path}: shorter than {minLength}");
                }

                if (s["maxLength"] is { } maxLength && text.Length > maxLength.GetValue<int>())
                {
                    errors.Add($"{path}: longer than {maxLength}");
                }

                if (s["pattern"] is { } pattern && !Regex.IsMatch(text, pattern.GetValue<string>(), RegexOptions.None, TimeSpan.FromSeconds(1)))
                {
                    errors.Add($"{path}: \"{text}\" does not match {pattern}");
                }

                break;
            case JsonValue number when TryNumber(number, out var n):
                if (s["minimum"] is { } minimum && n < minimum.GetValue<double>())
                {
                    errors.Add($"{path}: below the minimum {minimum}");
                }

                if (s["maximum"] is { } maximum && n > maximum.GetValue<double>())
                {
                    errors.Add($"{path}: above the maximum {maximum}");
                }

                break;
        }
    }

    private void CheckCombinators(JsonNode? value, JsonObject s, string path, List<string> errors)
    {
        if (s["allOf"] is JsonArray all)
        {
            foreach (var part in all)
            {
                Check(value, part, path, errors);
            }
        }

        if (s["anyOf"] is JsonArray any && !any.Any(part => Validate(value, part!, path).Count == 0))
        {
            errors.Add($"{path}: matches none of anyOf");
        }

        if (s["oneOf"] is JsonArray one && one.Count(part => Validate(value, part!, path).Count == 0) != 1)
        {
            errors.Add($"{path}: must match exactly one of oneOf");
        }
    }

    private void CheckObject(JsonObject obj, JsonObject s, string path, List<string> errors)
    {
        foreach (var required in s["required"] as JsonArray ?? [])
        {
            var name = required!.GetValue<string>();
            if (!obj.ContainsKey(name))
            {
                errors.Add($"{path}: missing required \"{name}\"");
            }
        }

        var properties = s["properties"] as JsonObject;
        foreach (var (name, child) in obj)
        {
            if (properties?[name] is { } propertySchema)
            {
                Check(child, propertySchema, $"{path}.{name}", errors);
            }
            else if (s["additionalProperties"] is JsonValue allowed && !allowed.GetValue<bool>())
            {
                errors.Add($"{path}: unknown field \"{name}\"");
            }
            else if (s["additionalProperties"] is JsonObject additional)
            {
                Check(child, additional, $"{path}.{name}", errors);
            }
        }
    }

    private void CheckArray(JsonArray array, JsonObject s, string path, List<string> errors)
    {
        if (s["minItems"] is { } minItems && array.Count < minItems.GetValue<int>())
        {
            errors.Add($"{path}: fewer than {minItems} items");
        }

        if (s["maxItems"] is { } maxItems && array.Count > maxItems.GetValue<int>())
        {
            errors.Add($"{path}: more than {maxItems} items");
        }

        if (s["uniqueItems"]?.GetValue<bool>() == true
            && array.Select(i => i?.ToJsonString()).Distinct(StringComparer.Ordinal).Count() != array.Count)
        {
            errors.Add($"{path}: items are not unique");
        }

        if (s["items"] is JsonObject itemSchema)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Check(array[i], itemSchema, $"{path}[{i}]", errors);
            }
        }
    }

    private JsonNode? Resolve(string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            throw new NotSupportedException("Only local $ref are supported: " + reference);
        }

        JsonNode? node = _root;
        foreach (var part in reference[2..].Split('/'))
        {
            node = node?[part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)];
        }

        return node ?? throw new InvalidOperationException("Unresolved $ref " + reference);
    }

    private static bool MatchesType(JsonNode? value, JsonNode type) => type switch
    {
        JsonArray types => types.Any(t => MatchesType(value, t!)),
        _ => type.GetValue<string>() switch
        {
            "null" => value is null,
            "object" => value is JsonObject,
            "array" => value is JsonArray,
            "string" => value is JsonValue v && v.TryGetValue<string>(out _),
            "boolean" => value is JsonValue v && v.TryGetValue<bool>(out _),
            "number" => value is JsonValue v && TryNumber(v, out _),
            "integer" => value is JsonValue v && TryNumber(v, out var n) && Math.Abs(n % 1) < double.Epsilon,
            _ => true,
        },
    };

    private static bool TryNumber(JsonValue value, out double number)
    {
        if (value.TryGetValue<string>(out _) || value.TryGetValue<bool>(out _))
        {
            number = 0;
            return false;
        }

        return double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number);
    }

    private static string Describe(JsonNode? value) => value is null ? "null" : value.ToJsonString();
}
