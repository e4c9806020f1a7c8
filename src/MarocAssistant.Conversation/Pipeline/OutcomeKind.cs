namespace MarocAssistant.Conversation.Pipeline;

/// <summary>
/// What a turn did, in the few kinds testers check (<c>maroc ask --json</c>, the conversation evaluation). Finer
/// outcomes (<see cref="TurnResult.Outcome"/>, e.g. <c>feedback-positive</c>) stay for metrics and transcripts.
/// </summary>
public enum OutcomeKind
{
    Answer,
    Clarify,
    NotCovered,
    OutOfScope,
    Refusal,
    Handoff,
    SmallTalk,
    Fallback,
}

public static class OutcomeKinds
{
    /// <summary>The kind of a turn's outcome string.</summary>
    public static OutcomeKind Of(string outcome) => outcome switch
    {
        "answer" => OutcomeKind.Answer,
        "clarify" or "no-focus" => OutcomeKind.Clarify,
        "not-covered" => OutcomeKind.NotCovered,
        "out-of-scope" or "unsupported-input" => OutcomeKind.OutOfScope,
        "refusal" => OutcomeKind.Refusal,
        "handoff" => OutcomeKind.Handoff,
        "small-talk" or "restart" or "language-choice" or "feedback-positive" or "feedback-negative" or "welcome" => OutcomeKind.SmallTalk,
        _ => OutcomeKind.Fallback,
    };

    /// <summary>The kind as written on the wire: <c>answer</c>, <c>clarify</c>, <c>not-covered</c>, <c>out-of-scope</c>...</summary>
    public static string Wire(this OutcomeKind kind) => kind switch
    {
        OutcomeKind.Answer => "answer",
        OutcomeKind.Clarify => "clarify",
        OutcomeKind.NotCovered => "not-covered",
        OutcomeKind.OutOfScope => "out-of-scope",
        OutcomeKind.Refusal => "refusal",
        OutcomeKind.Handoff => "handoff",
        OutcomeKind.SmallTalk => "smalltalk",
        _ => "fallback",
    };
}
