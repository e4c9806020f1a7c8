using MarocAssistant.Conversation.Pipeline;
using MarocAssistant.Conversation.State;

namespace MarocAssistant.Conversation.Dialog;

/// <summary>A turn's result and the state to keep after it.</summary>
internal sealed record Turn(TurnResult Result, ConversationState State);
