namespace MarocAssistant.Recording.Privacy;

/// <summary>
/// A store that keeps something about a conversation (state, transcript, feedback, ...) and can forget it.
/// Each store registers one in DI (<c>services.AddSingleton&lt;IConversationErasure, ...&gt;()</c>), and
/// <see cref="ConversationEraser"/> calls them all for <c>DELETE /api/conversations/{id}</c> (law 09-08: the
/// right to erasure). A store added later (feedback, Redis) plugs in the same way, with no change elsewhere.
/// </summary>
public interface IConversationErasure
{
    /// <summary>A short name for the report, e.g. <c>state</c>, <c>transcript</c>, <c>feedback</c>.</summary>
    string Name { get; }

    /// <summary>Forgets everything this store keeps about the conversation. True when something was removed.</summary>
    ValueTask<bool> EraseAsync(ConversationErasureRequest request, CancellationToken cancellationToken = default);
}

/// <summary>Which conversation to erase.</summary>
/// <param name="ConversationId">The channel's conversation id, as in the transcript and the activities.</param>
/// <param name="ChannelIds">
/// The channels the conversation may belong to (state is kept per channel and conversation). The caller gives the
/// channel when it knows it; otherwise every channel the host serves is listed (see <see cref="ConversationEraser"/>).
/// </param>
public sealed record ConversationErasureRequest(string ConversationId, IReadOnlyList<string> ChannelIds);

/// <summary>What an erasure removed: the names of the stores that held something.</summary>
public sealed record ConversationErasureReport(string ConversationId, IReadOnlyList<string> Erased)
{
    public bool Found => Erased.Count > 0;
}
