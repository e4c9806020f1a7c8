using System.Text;
using System.Text.Json;
using MarocAssistant.Activities;

namespace MarocAssistant.Conversation.State;

/// <summary>
/// One stored activity: its position in the conversation (the watermark), its type and its JSON. The JSON is kept as
/// UTF-8 bytes: that is what goes out on the wire, and it takes about half the memory of a string.
/// </summary>
public sealed record StoredActivity(long Watermark, string Type, ReadOnlyMemory<byte> Utf8Json)
{
    /// <summary>The JSON as text (tests, diagnostics).</summary>
    public string Json => Encoding.UTF8.GetString(Utf8Json.Span);

    public static StoredActivity Of(long watermark, Activity activity) =>
        new(watermark, activity.Type ?? "", JsonSerializer.SerializeToUtf8Bytes(activity, ActivityJsonContext.Default.Activity));
}

/// <summary>Activities after a watermark, and the watermark to ask from next time.</summary>
/// <param name="Activities">In order, at most the number asked for.</param>
/// <param name="Watermark">The watermark of the last activity returned, or the one asked from when there is none.</param>
public sealed record ActivityPage(IReadOnlyList<StoredActivity> Activities, long Watermark);

/// <summary>
/// The activity log of each Direct Line conversation. Every activity gets the next watermark (1, 2, 3...) and the id
/// <c>{conversationId}|{watermark:0000000}</c>. In memory by default; a shared implementation (Redis) lets several
/// hosts serve the same conversations.
/// </summary>
public interface IDirectLineStore
{
    /// <summary>
    /// Creates the conversation. False when it already exists. A bounded store makes room by evicting its idlest
    /// conversations; <see cref="DirectLineFullException"/> is for a store that cannot.
    /// </summary>
    Task<bool> CreateAsync(string conversationId, CancellationToken cancellationToken = default);

    Task<bool> ExistsAsync(string conversationId, CancellationToken cancellationToken = default);

    /// <summary>The watermark of the newest activity (0 when there is none); null when the conversation is unknown.</summary>
    Task<long?> LatestWatermarkAsync(string conversationId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends activities in order, setting each one's <see cref="Activity.Id"/>. Returns the stored entries; null when the
    /// conversation is unknown.
    /// </summary>
    Task<IReadOnlyList<StoredActivity>?> AppendAsync(string conversationId, IReadOnlyList<Activity> activities, CancellationToken cancellationToken = default);

    /// <summary>Activities with a watermark above <paramref name="afterWatermark"/>; null when the conversation is unknown.</summary>
    Task<ActivityPage?> ReadAsync(string conversationId, long afterWatermark, int max, CancellationToken cancellationToken = default);

    /// <summary>Completes when the conversation has an activity above <paramref name="afterWatermark"/> or is gone.</summary>
    Task WaitForActivityAsync(string conversationId, long afterWatermark, CancellationToken cancellationToken = default);

    /// <summary>Forgets a conversation's activities (erasure, law 09-08). True when there was something to forget.</summary>
    Task<bool> DeleteAsync(string conversationId, CancellationToken cancellationToken = default);
}

/// <summary>What the stores need to know of an activity.</summary>
public static class DirectLineActivity
{
    /// <summary>
    /// A message from the citizen (not the bot's welcome or replies): from then on the conversation is worth keeping
    /// for <see cref="DirectLineStoreOptions.ConversationIdleMinutes"/>, before it only for
    /// <see cref="DirectLineStoreOptions.UnusedConversationMinutes"/>.
    /// </summary>
    public static bool IsCitizenMessage(Activity activity) =>
        activity.Type == ActivityTypes.Message && activity.From?.Role != "bot";
}

/// <summary>The store has no room for another conversation.</summary>
public sealed class DirectLineFullException : Exception
{
    public DirectLineFullException()
        : base("No room for another Direct Line conversation.")
    {
    }

    public DirectLineFullException(string message)
        : base(message)
    {
    }

    public DirectLineFullException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
