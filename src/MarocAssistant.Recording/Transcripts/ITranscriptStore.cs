using MarocAssistant.Activities;

namespace MarocAssistant.Recording.Transcripts;

/// <summary>Which transcript: a conversation is identified by its channel and the channel's conversation id.</summary>
public readonly record struct TranscriptKey(string ChannelId, string ConversationId);

/// <summary>
/// Keeps one Bot Framework transcript per conversation. Activities arrive already redacted; a store writes them as
/// given. Thread-safe. The file implementation serves one host; a shared store (Redis) comes with scale-out.
/// </summary>
public interface ITranscriptStore
{
    /// <summary>Adds activities at the end of the conversation's transcript, creating it if needed.</summary>
    ValueTask AppendAsync(TranscriptKey key, IReadOnlyList<Activity> activities, CancellationToken cancellationToken = default);

    /// <summary>The conversation's activities in order, or null when there is no transcript.</summary>
    ValueTask<IReadOnlyList<Activity>?> ReadAsync(TranscriptKey key, CancellationToken cancellationToken = default);

    /// <summary>Deletes the conversation's transcripts in every channel; returns how many were deleted.</summary>
    ValueTask<int> DeleteAsync(string conversationId, CancellationToken cancellationToken = default);

    /// <summary>Deletes every transcript whose last activity is older than <paramref name="cutoff"/>; returns how many.</summary>
    ValueTask<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default);
}
