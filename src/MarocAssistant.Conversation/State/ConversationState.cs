using MarocAssistant.Conversation.Understanding;

namespace MarocAssistant.Conversation.State;

/// <summary>What the assistant remembers of one conversation between turns. Round-trips as JSON (Redis).</summary>
public sealed record ConversationState
{
    /// <summary>The procedure being discussed, so that "bch7al?" answers from it.</summary>
    public string? FocusProcedureId { get; init; }

    /// <summary>The language label replies are written in; sticky until the citizen switches.</summary>
    public string? ReplyLanguage { get; init; }

    /// <summary>The step shown last when guiding step by step (0-based; -1 before the first).</summary>
    public int StepPosition { get; init; } = -1;

    /// <summary>Turns in a row that found no answer; two lead to a hand-off.</summary>
    public int FailureCount { get; init; }

    /// <summary>Choices offered by the last clarifying question (procedure ids), so a pick can be understood.</summary>
    public IReadOnlyList<string> PendingChoices { get; init; } = [];

    /// <summary>The part asked for while the choice was pending ("combien ?" before saying which passport), answered once chosen.</summary>
    public Facet PendingFacet { get; init; }

    /// <summary>The part of the procedure in focus answered last.</summary>
    public Facet LastFacet { get; init; }

    /// <summary>What the citizen said of their situation, kept across turns.</summary>
    public Situation Situation { get; init; } = Situation.None;

    /// <summary>The last reply was a refusal: insisting ("it's urgent", "just this once") is refused again.</summary>
    public bool Refused { get; init; }

    /// <summary>The last reply said the procedure asked about is not covered: a follow-up on it ("ch7al?") gets the same answer.</summary>
    public bool NotCovered { get; init; }

    public int TurnCount { get; init; }
}
