namespace MarocAssistant.Composition;

/// <summary>What the assistant says back, channel-neutral. Channels render it as an Activity, a WhatsApp message...</summary>
/// <param name="Text">The answer, plain text with line breaks, short enough for WhatsApp.</param>
/// <param name="Language">The language label the text is written in (e.g. <c>ary-Latn</c>).</param>
/// <param name="Kind">What sort of reply this is.</param>
/// <param name="Actions">Buttons the citizen can press; each sends back its <see cref="SuggestedAction.Value"/>.</param>
/// <param name="Citation">Where the facts come from, when the reply states facts.</param>
/// <param name="ProcedureId">The procedure the reply is about, if any.</param>
public sealed record Reply(
    string Text,
    string Language,
    ReplyKind Kind,
    IReadOnlyList<SuggestedAction> Actions,
    Citation? Citation = null,
    string? ProcedureId = null);

/// <summary>A button: a short title and the text sent back when pressed.</summary>
/// <param name="Title">What the button shows.</param>
/// <param name="Value">The text sent back when it is pressed.</param>
/// <param name="ProcedureId">For a "which one?" choice, the procedure the button stands for (not sent to channels).</param>
public sealed record SuggestedAction(string Title, string Value, string? ProcedureId = null);

/// <summary>A source line: the page, its address, the date the record was last reviewed, the kind of source
/// (official, press, guide) and when the page was published, if known.</summary>
public sealed record Citation(string Title, string Url, string LastReviewed, string Kind = "", string? Published = null);

public enum ReplyKind
{
    /// <summary>A grounded answer about a procedure.</summary>
    Answer,

    /// <summary>A question back: which of these procedures?</summary>
    Clarify,

    /// <summary>Greeting, thanks, help.</summary>
    SmallTalk,

    /// <summary>Nothing relevant: what the assistant can help with.</summary>
    OutOfScope,

    /// <summary>A polite, fixed refusal.</summary>
    Refusal,

    /// <summary>Handed to a person.</summary>
    Handoff,

    /// <summary>Something failed; the citizen is told how to reach a person.</summary>
    Fallback,
}
