using System.Text;
using System.Text.Json;

namespace MarocAssistant.Channels;

/// <summary>
/// Says in words what is wrong with a JSON body that could not be read, for a 400 ProblemDetails. The parser's own
/// message is never passed on: it names .NET types, byte positions and line numbers, which tell a caller about our
/// internals and nothing about what to fix.
/// </summary>
public static class JsonBodyProblem
{
    private const int MaxDepth = 64;
    private const int MaxFieldChars = 64;

    /// <summary>
    /// "The body is not well-formed JSON.", "The body must be a JSON object.", "The body is nested more than 64 levels
    /// deep." or "The field "from.id" has the wrong type." (<paramref name="what"/> names the object expected, e.g.
    /// "activity").
    /// </summary>
    public static string Describe(ReadOnlySpan<byte> body, JsonException exception, string what)
    {
        var depth = 0;
        var first = JsonTokenType.None;
        try
        {
            // Read the body again without a depth limit, only to tell syntax from shape.
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = int.MaxValue / 2 });
            while (reader.Read())
            {
                if (first == JsonTokenType.None)
                {
                    first = reader.TokenType;
                }

                depth = Math.Max(depth, reader.CurrentDepth + 1);
            }

            if (first == JsonTokenType.None)
            {
                return "The body is empty: send a JSON " + what + ".";
            }
        }
        catch (JsonException)
        {
            return "The body is not well-formed JSON in UTF-8: send a JSON " + what + ".";
        }

        if (first != JsonTokenType.StartObject)
        {
            return "The body must be a JSON object (" + what + ").";
        }

        if (depth > MaxDepth)
        {
            return $"The body is nested more than {MaxDepth} levels deep.";
        }

        return Field(exception.Path) is { Length: > 0 } field
            ? $"The field \"{field}\" has the wrong type or value."
            : "The body is not a valid " + what + ".";
    }

    /// <summary>"$.from.id" as "from.id", "$.membersAdded[0]" as "membersAdded[0]"; other characters are dropped.</summary>
    private static string? Field(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return null;
        }

        var builder = new StringBuilder(Math.Min(path.Length, MaxFieldChars));
        foreach (var c in path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$'))
        {
            if (builder.Length == MaxFieldChars)
            {
                break;
            }

            if (char.IsAsciiLetterOrDigit(c) || c is '.' or '[' or ']' or '_')
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
