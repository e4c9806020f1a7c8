namespace MarocAssistant.Conversation.Understanding;

/// <summary>What the citizen is doing with this message.</summary>
public enum TurnIntent
{
    /// <summary>A question about a procedure (or anything not recognised below).</summary>
    Question,

    Greeting,

    Thanks,

    /// <summary>"What can you do?"</summary>
    Help,
}
