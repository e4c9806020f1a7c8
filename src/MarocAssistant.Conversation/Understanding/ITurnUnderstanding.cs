namespace MarocAssistant.Conversation.Understanding;

/// <summary>Recognises small talk and the other non-question moves before retrieval runs.</summary>
public interface ITurnUnderstanding
{
    TurnIntent Understand(string text);
}
