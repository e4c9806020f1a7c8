namespace MarocAssistant.Conversation.AgentDesk;

/// <summary>
/// The desk's shared state: which administration each conversation belongs to, the queue of handed-off conversations
/// with who holds each, their history, and which agents are signed in. In memory by default; State.Redis shares it so
/// that a citizen on one host and an agent on another see the same queue.
/// </summary>
public interface IAgentDeskStore
{
    /// <summary>Remembers the administration of a conversation (the widget's <c>data-administration</c>) for a while.</summary>
    Task SetAdministrationAsync(string conversationId, string administration, TimeSpan lifetime, CancellationToken cancellationToken = default);

    Task<string?> AdministrationAsync(string conversationId, CancellationToken cancellationToken = default);

    /// <summary>Queues a conversation; false (and nothing changes) when it is already queued or held.</summary>
    Task<bool> AddAsync(DeskEntry entry, CancellationToken cancellationToken = default);

    /// <summary>The queued or held conversation, with its holder; null when it is not on the desk.</summary>
    Task<DeskEntry?> GetAsync(string conversationId, CancellationToken cancellationToken = default);

    /// <summary>Every conversation on the desk, oldest first.</summary>
    Task<IReadOnlyList<DeskEntry>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Notes the citizen's latest message time.</summary>
    Task TouchAsync(string conversationId, DateTimeOffset lastCitizenAt, CancellationToken cancellationToken = default);

    /// <summary>Takes a conversation for <paramref name="agent"/>, atomically: one holder at a time.</summary>
    Task<TakeResult> TakeAsync(string conversationId, string agent, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Takes the conversation off the desk (released or closed); false when it was not there.</summary>
    Task<bool> RemoveAsync(string conversationId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Forgets everything the desk keeps about the conversation (the right to erasure, law 09-08): its queue entry and
    /// whoever holds it, its history, its administration. True when something was there. Throws when a shared store
    /// cannot be reached, so that the erasure is reported incomplete rather than silently partial.
    /// </summary>
    Task<bool> EraseAsync(string conversationId, CancellationToken cancellationToken = default);

    Task AppendMessageAsync(string conversationId, DeskMessage message, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<DeskMessage>> MessagesAsync(string conversationId, CancellationToken cancellationToken = default);

    /// <summary>Marks an agent signed in until <paramref name="until"/>; null signs them out.</summary>
    Task SetPresenceAsync(string agent, DateTimeOffset? until, CancellationToken cancellationToken = default);

    Task<bool> IsPresentAsync(string agent, CancellationToken cancellationToken = default);
}
