using MarocAssistant.Recording.Privacy;

namespace MarocAssistant.Recording.Transcripts;

/// <summary>Erases a conversation's transcripts (in every channel) for <c>DELETE /api/conversations/{id}</c>.</summary>
public sealed class TranscriptErasure : IConversationErasure
{
    private readonly ITranscriptStore _store;

    public TranscriptErasure(ITranscriptStore store)
    {
        _store = store;
    }

    public string Name => "transcript";

    public async ValueTask<bool> EraseAsync(ConversationErasureRequest request, CancellationToken cancellationToken = default) =>
        await _store.DeleteAsync(request.ConversationId, cancellationToken) > 0;
}
