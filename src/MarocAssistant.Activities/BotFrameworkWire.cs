using System.Text.Json.Serialization;

namespace MarocAssistant.Activities;

/// <summary>The content of an <c>application/vnd.microsoft.card.hero</c> attachment (botframework-cards.md).</summary>
public sealed class HeroCard
{
    public const string ContentType = "application/vnd.microsoft.card.hero";

    [JsonPropertyName("title")]
    public string? Title { get; set; }

    [JsonPropertyName("subtitle")]
    public string? Subtitle { get; set; }

    [JsonPropertyName("text")]
    public string? Text { get; set; }

    [JsonPropertyName("buttons")]
    public List<CardAction>? Buttons { get; set; }
}

/// <summary>The body of an <c>expectReplies</c> response: <c>{"activities":[...]}</c>.</summary>
public sealed class ExpectedReplies
{
    [JsonPropertyName("activities")]
    public List<Activity> Activities { get; set; } = [];
}

/// <summary>The connector's answer to a posted activity.</summary>
public sealed class ResourceResponse
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }
}
