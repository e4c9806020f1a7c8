using MarocAssistant.Composition;
using MarocAssistant.Language.Detection;

namespace MarocAssistant.Conversation.Pipeline;

/// <summary>Everything a turn produced: the replies and what was learnt on the way (for logs, tests and replay).</summary>
/// <param name="Replies">One or more replies, in order.</param>
/// <param name="Detected">The language detected for the message.</param>
/// <param name="ProcedureId">The procedure chosen, if any.</param>
/// <param name="Outcome">A short word for metrics and tests: answer, clarify, small-talk, out-of-scope, refusal, handoff, fallback.</param>
/// <param name="Choices">When the assistant asked "which one?", the procedure ids offered.</param>
/// <param name="Events">Named events for the channel (e.g. <c>handoff</c> with a summary for an agent).</param>
public sealed record TurnResult(
    IReadOnlyList<Reply> Replies,
    LanguageResult Detected,
    string? ProcedureId,
    string Outcome,
    IReadOnlyList<string>? Choices = null,
    IReadOnlyList<TurnEvent>? Events = null);

/// <summary>An event for the channel to forward, such as a hand-off to a person.</summary>
public sealed record TurnEvent(string Name, string Value);
