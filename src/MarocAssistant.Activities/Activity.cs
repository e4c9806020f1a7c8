using System.Text.Json;
using System.Text.Json.Serialization;

namespace MarocAssistant.Activities;

/// <summary>
/// A Bot Framework Activity (shared/specs/botframework/botframework-activity.md), the fields this bot reads or writes.
/// Unknown fields are kept in <see cref="Extra"/> and written back unchanged (rule A2005). The same shape is a
/// transcript entry (transcript.md), which is why it lives here, below the channels: the channels send and receive
/// it, the transcripts record and replay it.
/// </summary>
public sealed class Activity
{
    /// <summary>Required (A2010): message, conversationUpdate, event, typing, ...</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("timestamp")]
    public string? Timestamp { get; set; }

    [JsonPropertyName("localTimestamp")]
    public string? LocalTimestamp { get; set; }

    [JsonPropertyName("serviceUrl")]
    public string? ServiceUrl { get; set; }

    [JsonPropertyName("channelId")]
    public string? ChannelId { get; set; }

    [JsonPropertyName("from")]
    public ChannelAccount? From { get; set; }

    [JsonPropertyName("conversation")]
    public ConversationAccount? Conversation { get; set; }

    [JsonPropertyName("recipient")]
    public ChannelAccount? Recipient { get; set; }

    [JsonPropertyName("textFormat")]
    public string? TextFormat { get; set; }

    [JsonPropertyName("locale")]
    public string? Locale { get; set; }

    [JsonPropertyName("text")]
    public string? Text { get; set; }

    [JsonPropertyName("inputHint")]
    public string? InputHint { get; set; }

    [JsonPropertyName("attachmentLayout")]
    public string? AttachmentLayout { get; set; }

    [JsonPropertyName("attachments")]
    public List<Attachment>? Attachments { get; set; }

    [JsonPropertyName("suggestedActions")]
    public SuggestedActions? SuggestedActions { get; set; }

    [JsonPropertyName("entities")]
    public List<JsonElement>? Entities { get; set; }

    [JsonPropertyName("channelData")]
    public JsonElement? ChannelData { get; set; }

    [JsonPropertyName("membersAdded")]
    public List<ChannelAccount>? MembersAdded { get; set; }

    [JsonPropertyName("membersRemoved")]
    public List<ChannelAccount>? MembersRemoved { get; set; }

    [JsonPropertyName("replyToId")]
    public string? ReplyToId { get; set; }

    /// <summary>Event and invoke activities carry a name (A5001).</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("value")]
    public JsonElement? Value { get; set; }

    /// <summary><c>expectReplies</c> asks for the replies in the HTTP response body.</summary>
    [JsonPropertyName("deliveryMode")]
    public string? DeliveryMode { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    /// <summary>True for a message activity.</summary>
    [JsonIgnore]
    public bool IsMessage => string.Equals(Type, ActivityTypes.Message, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The text a user's message sends: its text, or the string value of a pressed button (postBack, messageBack);
    /// null when it has neither.
    /// </summary>
    public string? MessageText() =>
        !string.IsNullOrWhiteSpace(Text) ? Text
        : Value is { ValueKind: JsonValueKind.String } value ? value.GetString()
        : null;

    /// <summary>A string field of <see cref="ChannelData"/>, such as <c>procedure</c> or <c>language</c>.</summary>
    public string? ChannelDataString(string name) =>
        ChannelData is { ValueKind: JsonValueKind.Object } data && data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}

public sealed class ChannelAccount
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

public sealed class ConversationAccount
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("isGroup")]
    public bool? IsGroup { get; set; }

    [JsonPropertyName("conversationType")]
    public string? ConversationType { get; set; }

    [JsonPropertyName("tenantId")]
    public string? TenantId { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed class SuggestedActions
{
    [JsonPropertyName("to")]
    public List<string>? To { get; set; }

    [JsonPropertyName("actions")]
    public List<CardAction> Actions { get; set; } = [];

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>A button. <c>imBack</c> sends its value back as a message (A7370).</summary>
public sealed class CardAction
{
    [JsonPropertyName("type")]
    public string Type { get; set; } = "imBack";

    [JsonPropertyName("title")]
    public string? Title { get; set; }

    [JsonPropertyName("value")]
    public JsonElement? Value { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    /// <summary>The value when it is a string (imBack, postBack), else null.</summary>
    public string? ValueText() => Value is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;
}

public sealed class Attachment
{
    [JsonPropertyName("contentType")]
    public string? ContentType { get; set; }

    [JsonPropertyName("contentUrl")]
    public string? ContentUrl { get; set; }

    [JsonPropertyName("content")]
    public JsonElement? Content { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("thumbnailUrl")]
    public string? ThumbnailUrl { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Activity types this bot knows.</summary>
public static class ActivityTypes
{
    public const string Message = "message";
    public const string ConversationUpdate = "conversationUpdate";
    public const string Event = "event";
    public const string Typing = "typing";
    public const string Invoke = "invoke";
}
