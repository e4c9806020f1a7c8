namespace MarocAssistant.Conversation.State;

/// <summary>Keeps <see cref="ConversationState"/> per conversation, with a time to live. Thread-safe.</summary>
public interface IConversationStore
{
    ValueTask<ConversationState?> GetAsync(string conversationKey, CancellationToken cancellationToken = default);

    ValueTask SetAsync(string conversationKey, ConversationState state, CancellationToken cancellationToken = default);

    ValueTask<bool> DeleteAsync(string conversationKey, CancellationToken cancellationToken = default);
}
