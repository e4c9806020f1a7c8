using System.Text.Json;
using System.Text.Json.Serialization;

namespace MarocAssistant.Activities;

/// <summary>
/// Reads and writes the <c>.transcript</c> file format (transcript.md § Serialization): a JSON array of activities,
/// or an object with a <c>transcript</c> array (T2100, T2101), UTF-8 without a byte-order mark (T2102).
/// We write the array form with one activity per line, so that a turn is appended without rewriting the file.
/// </summary>
public static class TranscriptFile
{
    public const string Extension = ".transcript";

    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>Parses either form. A BOM is tolerated on reading (T2102 allows rejecting it; being lenient costs nothing).</summary>
    /// <exception cref="JsonException">The content is not a transcript.</exception>
    public static List<Activity> Parse(ReadOnlySpan<byte> utf8)
    {
        if (utf8.StartsWith(Bom))
        {
            utf8 = utf8[Bom.Length..];
        }

        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        var list = root.ValueKind switch
        {
            JsonValueKind.Array => root.Deserialize(ActivityJsonContext.Default.ListActivity),
            JsonValueKind.Object when root.TryGetProperty("transcript", out var inner) && inner.ValueKind == JsonValueKind.Array =>
                inner.Deserialize(ActivityJsonContext.Default.ListActivity),
            _ => throw new JsonException("A transcript is a JSON array of activities or an object with a \"transcript\" array."),
        };

        // T2008: children without a type are not processed.
        return (list ?? []).Where(a => a is not null && !string.IsNullOrEmpty(a.Type)).ToList();
    }

    public static async Task<List<Activity>> ReadAsync(string path, CancellationToken cancellationToken = default) =>
        Parse(await File.ReadAllBytesAsync(path, cancellationToken));

    /// <summary>The whole file: <c>[</c>, one activity per line, <c>]</c>.</summary>
    public static byte[] Serialize(IReadOnlyList<Activity> activities)
    {
        using var stream = new MemoryStream();
        stream.WriteByte((byte)'[');
        stream.WriteByte((byte)'\n');
        WriteLines(stream, activities);
        stream.Write("\n]\n"u8);
        return stream.ToArray();
    }

    public static async Task WriteAsync(string path, IReadOnlyList<Activity> activities, CancellationToken cancellationToken = default) =>
        await File.WriteAllBytesAsync(path, Serialize(activities), cancellationToken);

    /// <summary>
    /// Appends activities to an open transcript file: a new or empty file gets the whole array; otherwise the closing
    /// bracket is found from the end and replaced, so a turn costs the size of the turn, not of the conversation.
    /// </summary>
    /// <exception cref="InvalidDataException">The file does not end like a JSON array.</exception>
    public static async Task AppendAsync(FileStream file, IReadOnlyList<Activity> activities, CancellationToken cancellationToken = default)
    {
        if (activities.Count == 0)
        {
            return;
        }

        using var buffer = new MemoryStream();
        if (file.Length == 0)
        {
            buffer.Write("[\n"u8);
            WriteLines(buffer, activities);
            buffer.Write("\n]\n"u8);
            file.Position = 0;
        }
        else
        {
            var (closing, empty) = await FindClosingBracketAsync(file, cancellationToken);
            file.Position = closing;
            if (!empty)
            {
                buffer.Write(",\n"u8);
            }

            WriteLines(buffer, activities);
            buffer.Write("\n]\n"u8);
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(file, cancellationToken);
        file.SetLength(file.Position);
        await file.FlushAsync(cancellationToken);
    }

    private static void WriteLines(Stream stream, IReadOnlyList<Activity> activities)
    {
        for (var i = 0; i < activities.Count; i++)
        {
            if (i > 0)
            {
                stream.Write(",\n"u8);
            }

            using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = ActivityJsonContext.Readable.Options.Encoder });
            JsonSerializer.Serialize(writer, activities[i], ActivityJsonContext.Readable.Activity);
        }
    }

    /// <summary>
    /// The position to write from: just after the last element (before the whitespace and <c>]</c> that close the
    /// array), and whether the array is empty so far.
    /// </summary>
    private static async Task<(long Position, bool Empty)> FindClosingBracketAsync(FileStream file, CancellationToken cancellationToken)
    {
        var tailLength = (int)Math.Min(file.Length, 256);
        var tail = new byte[tailLength];
        file.Position = file.Length - tailLength;
        await file.ReadExactlyAsync(tail, cancellationToken);
        var i = tailLength - 1;
        while (i >= 0 && IsWhitespace(tail[i]))
        {
            i--;
        }

        if (i < 0 || tail[i] != (byte)']')
        {
            throw new InvalidDataException("The transcript file does not end with ']'.");
        }

        i--;
        while (i >= 0 && IsWhitespace(tail[i]))
        {
            i--;
        }

        var empty = i >= 0 && tail[i] == (byte)'[';
        return (file.Length - tailLength + i + 1, empty);
    }

    private static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t';
}

/// <summary>The object form of a .transcript file (T2100): <c>{"transcript": [...]}</c>.</summary>
public sealed class TranscriptEnvelope
{
    [JsonPropertyName("transcript")]
    public List<Activity>? Transcript { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
