using System.ComponentModel.DataAnnotations;

namespace MarocAssistant.Conversation.State;

/// <summary>
/// Limits of the Direct Line activity logs (section <c>DirectLine</c>, beside the protocol's settings), read by the
/// in-memory log and the shared one (State.Redis) alike.
/// </summary>
public sealed class DirectLineStoreOptions
{
    public const string SectionName = "DirectLine";

    /// <summary>Activities kept per conversation; older ones are dropped from the log (watermarks keep counting).</summary>
    [Range(10, 100_000)]
    public int MaxActivitiesPerConversation { get; set; } = 100;

    /// <summary>
    /// Memory the in-memory log may use for activity JSON, in MiB. Beyond it, the oldest activities of the conversations
    /// idle the longest are dropped (they were delivered long ago; watermarks keep counting), so memory stays bounded
    /// whatever the number of conversations.
    /// </summary>
    /// <value>Default 16 MiB: about 16,000 activities (~1 KiB each), the whole history of ~1,300 conversations of a dozen
    /// activities; history a client already received is what goes first.</value>
    [Range(1, 64 * 1024)]
    public int MaxLogMegabytes { get; set; } = 16;

    /// <summary>
    /// Conversations kept at once by the in-memory log. A start beyond this evicts the idlest conversations (those where
    /// the citizen never wrote first); their ids then answer 404, as unknown ones do. A flood of starts therefore
    /// never keeps a new citizen out, and memory stays bounded.
    /// </summary>
    [Range(1, 10_000_000)]
    public int MaxConversations { get; set; } = 10_000;

    /// <summary>A conversation without any activity for this long is forgotten.</summary>
    [Range(1, 7 * 24 * 60)]
    public int ConversationIdleMinutes { get; set; } = 120;

    /// <summary>
    /// A conversation in which the citizen has not written yet (only the welcome) is forgotten after this many minutes
    /// without activity: a start costs little, and not for long. Capped by <see cref="ConversationIdleMinutes"/>.
    /// </summary>
    [Range(1, 7 * 24 * 60)]
    public int UnusedConversationMinutes { get; set; } = 5;
}
