using System.Text.Json.Serialization;

namespace MarocAssistant.Recording.Feedback;

/// <summary>One 👍, 👎, unanswered question or hand-off to a person. Questions are redacted before they are kept; conversations are hashed.</summary>
public sealed record FeedbackEvent(
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("procedure")] string? ProcedureId,
    [property: JsonPropertyName("language")] string Language,
    [property: JsonPropertyName("conversation")] string ConversationHash,
    [property: JsonPropertyName("question")] string? Question = null)
{
    public const string Positive = "positive";
    public const string Negative = "negative";
    public const string Unanswered = "unanswered";
    public const string Handoff = "handoff";
}

[JsonSerializable(typeof(FeedbackEvent))]
internal sealed partial class FeedbackJsonContext : JsonSerializerContext;
