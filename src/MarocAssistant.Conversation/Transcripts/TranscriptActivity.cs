using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MarocAssistant.Conversation.Transcripts;

/// <summary>
/// One activity of a Bot Framework transcript (shared/specs/botframework/transcript.md): the activity fields the
/// recorder writes and the replay tool reads. Every other field is kept in <see cref="Extra"/> and written back
/// (T2005: processors must accept fields they do not understand), so an Emulator transcript round-trips.
/// </summary>
/// <remarks>
/// This is the transcript's own small shape, not the Channels project's <c>Activity</c>: Conversation sits below
/// Channels and must not reference it, and a transcript is a storage format read by tools, not a wire message.
/// The field names and meanings are the Activity schema's, so either model reads the other's JSON.
/// </remarks>
public sealed class TranscriptActivity
{
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("id")]
    public string? Id { get; set; }

    /// <summary>UTC, ISO 8601 with milliseconds, as the Emulator writes it (T2310: stored activities carry one).</summary>
    [JsonPropertyName("timestamp")]
    public string? Timestamp { get; set; }

    [JsonPropertyName("channelId")]
    public string? ChannelId { get; set; }

    [JsonPropertyName("from")]
    public TranscriptAccount? From { get; set; }

    [JsonPropertyName("recipient")]
    public TranscriptAccount? Recipient { get; set; }

    [JsonPropertyName("conversation")]
    public TranscriptAccount? Conversation { get; set; }

    [JsonPropertyName("textFormat")]
    public string? TextFormat { get; set; }

    [JsonPropertyName("locale")]
    public string? Locale { get; set; }

    [JsonPropertyName("text")]
    public string? Text { get; set; }

    [JsonPropertyName("inputHint")]
    public string? InputHint { get; set; }

    [JsonPropertyName("suggestedActions")]
    public TranscriptSuggestedActions? SuggestedActions { get; set; }

    [JsonPropertyName("attachments")]
    public List<JsonElement>? Attachments { get; set; }

    [JsonPropertyName("channelData")]
    public JsonElement? ChannelData { get; set; }

    [JsonPropertyName("replyToId")]
    public string? ReplyToId { get; set; }

    /// <summary>Event activities carry a name (e.g. <c>handoff</c>) and a value.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("value")]
    public JsonElement? Value { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    /// <summary>True for a message (or a typed activity with text) sent by the bot.</summary>
    [JsonIgnore]
    public bool IsMessage => string.Equals(Type, "message", StringComparison.OrdinalIgnoreCase);

    /// <summary>A string field of <see cref="ChannelData"/>, such as <c>procedure</c> or <c>language</c>.</summary>
    public string? ChannelDataString(string name) =>
        ChannelData is { ValueKind: JsonValueKind.Object } data && data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}

/// <summary>A participant (<c>from</c>, <c>recipient</c>) or the conversation; <c>role</c> is user or bot.</summary>
public sealed class TranscriptAccount
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("role")]
    public string? Role { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed class TranscriptSuggestedActions
{
    [JsonPropertyName("to")]
    public List<string>? To { get; set; }

    [JsonPropertyName("actions")]
    public List<TranscriptCardAction> Actions { get; set; } = [];

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>A button; <c>imBack</c> sends its value back as a message.</summary>
public sealed class TranscriptCardAction
{
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("title")]
    public string? Title { get; set; }

    [JsonPropertyName("value")]
    public JsonElement? Value { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    /// <summary>The value when it is a string (imBack, postBack), else null.</summary>
    public string? ValueText() => Value is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;
}

/// <summary>The object form of a .transcript file (T2100): <c>{"transcript": [...]}</c>.</summary>
public sealed class TranscriptEnvelope
{
    [JsonPropertyName("transcript")]
    public List<TranscriptActivity>? Transcript { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TranscriptActivity))]
[JsonSerializable(typeof(List<TranscriptActivity>))]
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
