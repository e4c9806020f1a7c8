using System.Globalization;
using System.Text.Json.Nodes;

namespace MarocAssistant.Retrieval.Qdrant.Tests.Fake;

/// <summary>
/// Validates JSON bodies against the request schemas of an OpenAPI 3.0 document, for the subset of JSON Schema
/// that Qdrant's spec uses: $ref, type, nullable, enum, anyOf, oneOf, properties, required, additionalProperties,
/// items, minimum, maximum, minItems, uniqueItems, minLength and the integer/uuid formats. Two rules make it
/// stricter than plain JSON Schema: every <c>anyOf [X, {nullable: true}]</c> is rewritten to X + nullable (as
/// written, that branch would accept anything), and an object schema that lists properties but says nothing
/// about others rejects unknown fields (a misspelt field is an error, not silently ignored).
/// </summary>
public sealed class OpenApiSchemaValidator
{
    private readonly JsonObject _document;
    private readonly JsonObject _schemas;

    public OpenApiSchemaValidator(string openApiPath)
    {
        _document = JsonNode.Parse(File.ReadAllText(openApiPath))!.AsObject();
        _schemas = _document["components"]!["schemas"]!.AsObject();
        RewrittenNullableSites = RewriteNullable(_document);
    }

    /// <summary>How many <c>anyOf [X, {nullable}]</c> sites were rewritten.</summary>
    public int RewrittenNullableSites { get; }

    /// <summary>The request-body schema of an operation, e.g. ("put", "/collections/{collection_name}").</summary>
    public JsonNode RequestSchema(string method, string pathTemplate) =>
        _document["paths"]?[pathTemplate]?[method.ToLowerInvariant()]?["requestBody"]?["content"]?["application/json"]?["schema"]
        ?? throw new ArgumentException($"No JSON request body for {method} {pathTemplate} in the spec.");

    public JsonNode Schema(string name) => _schemas[name] ?? throw new ArgumentException($"No schema {name}.");

    /// <summary>Every violation, with a JSON path; empty when the body is valid.</summary>
    public List<string> Validate(JsonNode? value, JsonNode schema)
    {
        var errors = new List<string>();
        Check(value, schema, "$", errors);
        return errors;
    }

    private static int RewriteNullable(JsonNode? node)
    {
        var count = 0;
        switch (node)
        {
            case JsonObject obj:
                if (obj["anyOf"] is JsonArray anyOf && anyOf.Count >= 2 && anyOf.Any(IsNullableMarker))
                {
                    var rest = anyOf.Where(b => !IsNullableMarker(b)).Select(b => b!.DeepClone()).ToList();
                    obj.Remove("anyOf");
                    if (rest.Count == 1 && rest[0] is JsonObject single)
                    {
                        foreach (var (key, value) in single.ToList())
                        {
                            single.Remove(key);
                            obj[key] = value;
                        }
                    }
                    else
                    {
                        obj["anyOf"] = new JsonArray(rest.ToArray());
                    }

                    obj["nullable"] = true;
                    count++;
                }

                foreach (var (_, child) in obj.ToList())
                {
                    count += RewriteNullable(child);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    count += RewriteNullable(child);
                }

                break;
        }

        return count;
    }

    private static bool IsNullableMarker(JsonNode? node) =>
        node is JsonObject o && o.Count == 1 && o["nullable"] is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.True;

    private void Check(JsonNode? value, JsonNode schema, string path, List<string> errors)
    {
        if (schema is not JsonObject s)
        {
            return;
        }

        var nullable = s["nullable"]?.GetValueKind() == System.Text.Json.JsonValueKind.True;
        if (value is null)
        {
            if (!nullable && (s["type"] is not null || s["$ref"] is not null || s["enum"] is not null))
            {
                errors.Add($"{path}: null is not allowed");
            }

            return;
        }

        if (s["$ref"] is JsonValue reference)
        {
            var name = reference.GetValue<string>().Split('/')[^1];
            Check(value, Schema(name), path, errors);
        }

        if (s["enum"] is JsonArray options && !options.Any(o => JsonNode.DeepEquals(o, value)))
        {
            errors.Add($"{path}: {value.ToJsonString()} is not one of {options.ToJsonString()}");
        }

        if (s["anyOf"] is JsonArray anyOf)
        {
            var branchErrors = new List<string>();
            if (!anyOf.Any(branch => Passes(value, branch!, path, branchErrors)))
            {
                errors.Add($"{path}: matches no anyOf branch ({string.Join("; ", branchErrors.Take(6))})");
            }
        }

        if (s["oneOf"] is JsonArray oneOf)
        {
            var branchErrors = new List<string>();
            var matches = oneOf.Count(branch => Passes(value, branch!, path, branchErrors));
            if (matches != 1)
            {
                errors.Add($"{path}: matches {matches} oneOf branches instead of 1 ({string.Join("; ", branchErrors.Take(6))})");
            }
        }

        var type = s["type"]?.GetValue<string>() ?? (s["properties"] is not null ? "object" : null);
        switch (type)
        {
            case "object":
                CheckObject(value, s, path, errors);
                break;
            case "array":
                CheckArray(value, s, path, errors);
                break;
            case "string":
                if (value is not JsonValue sv || sv.GetValueKind() != System.Text.Json.JsonValueKind.String)
                {
                    errors.Add($"{path}: expected a string");
                    break;
                }

                var text = sv.GetValue<string>();
                if (s["minLength"] is JsonValue minLength && text.Length < minLength.GetValue<int>())
                {
                    errors.Add($"{path}: shorter than {minLength}");
                }

                if (s["format"]?.GetValue<string>() == "uuid" && !Guid.TryParse(text, out _))
                {
                    errors.Add($"{path}: not a UUID");
                }

                break;
            case "integer":
            case "number":
                CheckNumber(value, s, type, path, errors);
                break;
            case "boolean":
                if (value.GetValueKind() is not (System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False))
                {
                    errors.Add($"{path}: expected a boolean");
                }

                break;
        }
    }

    private bool Passes(JsonNode value, JsonNode branch, string path, List<string> sink)
    {
        var branchErrors = new List<string>();
        Check(value, branch, path, branchErrors);
        sink.AddRange(branchErrors);
        return branchErrors.Count == 0;
    }

    private void CheckObject(JsonNode value, JsonObject s, string path, List<string> errors)
    {
        if (value is not JsonObject obj)
        {
            errors.Add($"{path}: expected an object");
            return;
        }

        var properties = s["properties"] as JsonObject;
        foreach (var required in s["required"]?.AsArray() ?? [])
        {
            if (!obj.ContainsKey(required!.GetValue<string>()))
            {
                errors.Add($"{path}: missing required field {required}");
            }
        }

        foreach (var (key, child) in obj)
        {
            if (properties?[key] is { } propertySchema)
            {
                Check(child, propertySchema, $"{path}.{key}", errors);
                continue;
            }

            switch (s["additionalProperties"])
            {
                case JsonObject additional:
                    Check(child, additional, $"{path}.{key}", errors);
                    break;
                case JsonValue allowed when allowed.GetValueKind() == System.Text.Json.JsonValueKind.True:
                    break;
                default:
                    // Unspecified or false: stricter than the spec on purpose, an unknown field is an error.
                    if (properties is not null || s["additionalProperties"] is not null)
                    {
                        errors.Add($"{path}: unknown field '{key}'");
                    }

                    break;
            }
        }
    }

    private void CheckArray(JsonNode value, JsonObject s, string path, List<string> errors)
    {
        if (value is not JsonArray array)
        {
            errors.Add($"{path}: expected an array");
            return;
        }

        if (s["minItems"] is JsonValue minItems && array.Count < minItems.GetValue<int>())
        {
            errors.Add($"{path}: fewer than {minItems} items");
        }

        if (s["uniqueItems"]?.GetValueKind() == System.Text.Json.JsonValueKind.True)
        {
            for (var i = 0; i < array.Count; i++)
            {
                for (var j = i + 1; j < array.Count; j++)
                {
                    if (JsonNode.DeepEquals(array[i], array[j]))
                    {
                        errors.Add($"{path}: items {i} and {j} are equal");
                    }
                }
            }
        }

        if (s["items"] is JsonObject items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Check(array[i], items, $"{path}[{i}]", errors);
            }
        }
    }

    private static void CheckNumber(JsonNode value, JsonObject s, string type, string path, List<string> errors)
    {
        if (value is not JsonValue v || v.GetValueKind() != System.Text.Json.JsonValueKind.Number)
        {
            errors.Add($"{path}: expected a {type}");
            return;
        }

        var number = v.GetValue<double>();
        if (type == "integer" && Math.Abs(number - Math.Round(number)) > 0)
        {
            errors.Add($"{path}: {number.ToString(CultureInfo.InvariantCulture)} is not an integer");
        }

        var format = s["format"]?.GetValue<string>();
        var (low, high) = format switch
        {
            "uint" or "uint64" => (0d, ulong.MaxValue),
            "uint32" => (0d, uint.MaxValue),
            "uint8" => (0d, byte.MaxValue),
            "int64" => (long.MinValue, long.MaxValue),
            _ => (double.NegativeInfinity, double.PositiveInfinity),
        };
        if (number < low || number > high)
        {
            errors.Add($"{path}: {number.ToString(CultureInfo.InvariantCulture)} is out of range for {format}");
        }

        if (s["minimum"] is JsonValue minimum && number < minimum.GetValue<double>())
        {
            errors.Add($"{path}: below the minimum {minimum}");
        }

        if (s["maximum"] is JsonValue maximum && number > maximum.GetValue<double>())
        {
            errors.Add($"{path}: above the maximum {maximum}");
        }
    }
}
