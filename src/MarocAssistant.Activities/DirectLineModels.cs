using System.Text.Json.Serialization;

namespace MarocAssistant.Activities;

/// <summary>The answer to start, reconnect, generate and refresh (directline-3.0.json <c>Conversation</c>).</summary>
public sealed class DirectLineConversation
{
    [JsonPropertyName("conversationId")]
    public string ConversationId { get; set; } = "";

    [JsonPropertyName("token")]
    public string? Token { get; set; }

    [JsonPropertyName("expires_in")]
    public int? ExpiresIn { get; set; }

    [JsonPropertyName("streamUrl")]
    public string? StreamUrl { get; set; }
}

/// <summary>The optional body of start and generate: <c>{"user":{"id":...}}</c> (Botium sends <c>{"user":{}}</c>).</summary>
public sealed class DirectLineTokenParameters
{
    [JsonPropertyName("user")]
    public ChannelAccount? User { get; set; }

    [JsonPropertyName("trustedOrigins")]
    public List<string>? TrustedOrigins { get; set; }

    [JsonExtensionData]
    public Dictionary<string, System.Text.Json.JsonElement>? Extra { get; set; }
}

public sealed class SessionIdResponse
{
    [JsonPropertyName("sessionId")]
    public string SessionId { get; set; } = "";
}

/// <summary>The answer to polling <c>GET .../activities</c> (directline-3.0.json <c>ActivitySet</c>), as clients read it.</summary>
public sealed class ActivitySet
{
    [JsonPropertyName("activities")]
    public List<Activity>? Activities { get; set; }

    [JsonPropertyName("watermark")]
    public string? Watermark { get; set; }
}
