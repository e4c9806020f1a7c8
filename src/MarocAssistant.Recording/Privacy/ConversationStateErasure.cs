using MarocAssistant.Conversation.State;

namespace MarocAssistant.Recording.Privacy;

/// <summary>Erases a conversation's dialog state (kept under <c>channel:conversation</c>) in every channel asked.</summary>
public sealed class ConversationStateErasure : IConversationErasure
{
    private readonly IConversationStore _store;

    public ConversationStateErasure(IConversationStore store)
    {
        _store = store;
    }

    public string Name => "state";

    public async ValueTask<bool> EraseAsync(ConversationErasureRequest request, CancellationToken cancellationToken = default)
    {
        var erased = false;
        foreach (var channel in request.ChannelIds)
        {
            erased |= await _store.DeleteAsync(channel + ":" + request.ConversationId, cancellationToken);
        }

        return erased;
    }
}
