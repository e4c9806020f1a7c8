using MarocAssistant.Conversation.AgentDesk;

namespace MarocAssistant.Recording.Privacy;

/// <summary>
/// Erases a conversation from the agent desk (law 09-08): its place in the queue or an agent's hold on it, the history
/// agents read, the administration it was assigned to; in Redis too when the desk is shared.
/// </summary>
public sealed class AgentDeskErasure : IConversationErasure
{
    private readonly IAgentDeskStore _store;

    public AgentDeskErasure(IAgentDeskStore store)
    {
        _store = store;
    }

    public string Name => "desk";

    public async ValueTask<bool> EraseAsync(ConversationErasureRequest request, CancellationToken cancellationToken = default) =>
        await _store.EraseAsync(request.ConversationId, cancellationToken);
}
