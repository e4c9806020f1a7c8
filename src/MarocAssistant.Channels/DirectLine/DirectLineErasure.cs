using MarocAssistant.Recording.Privacy;
using MarocAssistant.Conversation.State;

namespace MarocAssistant.Channels.DirectLine;

/// <summary>Erases a Direct Line conversation's activity log with the rest of the conversation (law 09-08).</summary>
public sealed class DirectLineErasure : IConversationErasure
{
    private readonly IDirectLineStore _store;

    public DirectLineErasure(IDirectLineStore store)
    {
        _store = store;
    }

    public string Name => "directline";

    public async ValueTask<bool> EraseAsync(ConversationErasureRequest request, CancellationToken cancellationToken = default) =>
        await _store.DeleteAsync(request.ConversationId, cancellationToken);
}
