namespace MarocAssistant.Conversation.Pipeline;

/// <summary>
/// Sees every finished turn: the message and what the assistant answered. Transcript recording, metrics and feedback
/// counting hang here, so that the pipeline itself stays one straight path. An observer that throws is logged and
/// ignored: the citizen still gets the answer.
/// </summary>
public interface ITurnObserver
{
    ValueTask OnTurnAsync(IncomingMessage message, TurnResult result, CancellationToken cancellationToken = default);
}
