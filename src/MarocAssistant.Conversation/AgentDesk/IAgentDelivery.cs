namespace MarocAssistant.Conversation.AgentDesk;

/// <summary>
/// Writes to a citizen outside a turn, on the channel their conversation lives on: an agent's reply, or the
/// assistant's notice that the conversation is back with it. Each channel that can reach a citizen this way registers
/// one (Direct Line and the widget, WhatsApp); a conversation on another channel never enters the queue.
/// </summary>
public interface IAgentDelivery
{
    bool Serves(string channel);

    /// <summary>Sends <paramref name="text"/> as <paramref name="agent"/>, or as the assistant when null; false when it could not.</summary>
    Task<bool> SendAsync(DeskEntry entry, AgentAccount? agent, string text, CancellationToken cancellationToken = default);
}

/// <summary>The pipeline's hook: the desk sees each turn before and after the assistant answers it.</summary>
public interface IHandoffDesk
{
    /// <summary>
    /// A silent result when an agent holds the conversation (the message went to the agent and the assistant says
    /// nothing); null when the assistant answers.
    /// </summary>
    ValueTask<Pipeline.TurnResult?> HeldAsync(Pipeline.IncomingMessage message, CancellationToken cancellationToken = default);

    /// <summary>After the assistant answered: a hand-off enters the queue (and its reply says what happens next).</summary>
    ValueTask<Pipeline.TurnResult> AfterTurnAsync(Pipeline.IncomingMessage message, Pipeline.TurnResult result, CancellationToken cancellationToken = default);
}

/// <summary>
/// Records an agent's message (the record stage implements it: the transcript). Conversation never references the
/// record stage; the record stage plugs in here, as it does for turns with <see cref="Pipeline.ITurnObserver"/>.
/// </summary>
public interface IAgentTurnRecorder
{
    /// <summary>Records <paramref name="redactedText"/>, already redacted, as said by <paramref name="agent"/> at <paramref name="at"/>.</summary>
    ValueTask RecordAsync(DeskEntry entry, AgentAccount agent, string redactedText, DateTimeOffset at, CancellationToken cancellationToken = default);
}
