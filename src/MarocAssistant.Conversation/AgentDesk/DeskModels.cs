using System.Text.Json.Serialization;

namespace MarocAssistant.Conversation.AgentDesk;

/// <summary>A conversation handed to a person: waiting in its administration's queue, or held by an agent.</summary>
/// <param name="ConversationId">The channel's conversation id, as the queue shows it.</param>
/// <param name="Channel">The channel it lives on (<c>webchat</c>, <c>directline</c>, <c>whatsapp</c>).</param>
/// <param name="Administration">Whose queue it is in.</param>
/// <param name="Summary">The French summary of the hand-off (no personal data).</param>
/// <param name="Language">The citizen's reply language (<c>fr</c>, <c>ary-Latn</c>...).</param>
/// <param name="ProcedureId">The procedure in focus, if any.</param>
/// <param name="QueuedAt">When it was handed off.</param>
/// <param name="LastCitizenAt">The citizen's last message (WhatsApp only lets a business write within 24 hours of it).</param>
/// <param name="Agent">The user name of the agent who holds it; null while waiting.</param>
/// <param name="TakenAt">When that agent took it.</param>
public sealed record DeskEntry(
    [property: JsonPropertyName("conversationId")] string ConversationId,
    [property: JsonPropertyName("channel")] string Channel,
    [property: JsonPropertyName("administration")] string Administration,
    [property: JsonPropertyName("summary")] string Summary,
    [property: JsonPropertyName("language")] string Language,
    [property: JsonPropertyName("procedureId")] string? ProcedureId,
    [property: JsonPropertyName("queuedAt")] DateTimeOffset QueuedAt,
    [property: JsonPropertyName("lastCitizenAt")] DateTimeOffset LastCitizenAt,
    [property: JsonPropertyName("agent")] string? Agent = null,
    [property: JsonPropertyName("takenAt")] DateTimeOffset? TakenAt = null);

/// <summary>One line of a handed-off conversation's history, redacted.</summary>
/// <param name="At">When it was said.</param>
/// <param name="Role"><c>citizen</c>, <c>assistant</c> or <c>agent</c>.</param>
/// <param name="Text">The redacted text.</param>
/// <param name="Agent">The agent's user name for an agent's line.</param>
public sealed record DeskMessage(
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("agent")] string? Agent = null)
{
    public const string Citizen = "citizen";
    public const string Assistant = "assistant";
    public const string AgentRole = "agent";
}

/// <summary>The outcome of taking a conversation.</summary>
public enum TakeResult
{
    Taken,
    NotQueued,
    TakenByAnother,
}

[JsonSerializable(typeof(DeskEntry))]
[JsonSerializable(typeof(DeskMessage))]
public sealed partial class DeskJsonContext : JsonSerializerContext;
