using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using MarocAssistant.Conversation.Activities;

namespace MarocAssistant.Conversation.Transcripts;

/// <summary>The object form of a .transcript file (T2100): <c>{"transcript": [...]}</c>.</summary>
public sealed class TranscriptEnvelope
{
    [JsonPropertyName("transcript")]
    public List<Activity>? Transcript { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Activity))]
[JsonSerializable(typeof(List<Activity>))]
[JsonSerializable(typeof(TranscriptEnvelope))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(string))]
public sealed partial class TranscriptJsonContext : JsonSerializerContext
{
    /// <summary>
    /// Writes Arabic and Tifinagh as themselves, not as <c>\uXXXX</c>: transcripts are read by people too. Files are
    /// never embedded in HTML unescaped (the HTML report encodes every text).
    /// </summary>
    public static TranscriptJsonContext Readable { get; } = new(new JsonSerializerOptions
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    });
}
