namespace MarocAssistant.Conversation.Understanding;

/// <summary>Recognises small talk, follow-ups and the other non-search moves before retrieval runs.</summary>
public interface ITurnUnderstanding
{
    TurnUnderstanding Understand(string text);
}
