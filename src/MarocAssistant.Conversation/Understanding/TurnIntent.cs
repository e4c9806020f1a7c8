namespace MarocAssistant.Conversation.Understanding;

/// <summary>What the citizen is doing with this message.</summary>
public enum TurnIntent
{
    /// <summary>A question about a procedure (or anything not recognised below).</summary>
    Question,

    Greeting,

    /// <summary>"Is anyone there?": checks the assistant is listening; answered with a way to reach an agent.</summary>
    Presence,

    Thanks,

    /// <summary>"ok", "d'accord", "wakha": the citizen acknowledges; nothing to look up.</summary>
    Acknowledge,

    /// <summary>"What can you do?"</summary>
    Help,

    /// <summary>Asks for a person.</summary>
    Handoff,

    /// <summary>"Start again": forget the procedure in focus.</summary>
    Restart,

    FeedbackPositive,

    FeedbackNegative,

    /// <summary>Jailbreak, personal data of others, political opinions, fraud: a fixed polite refusal.</summary>
    Refuse,

    /// <summary>Picks the reply language (a button offered to Tamazight writers).</summary>
    ChooseLanguage,
}

/// <summary>The part of a procedure a follow-up asks about.</summary>
public enum Facet
{
    None,
    Fees,
    Documents,
    Where,
    Delay,
    Online,
    Validity,
    NextStep,
    Steps,
}

/// <summary>What a message means before retrieval.</summary>
/// <param name="Intent">The move the citizen makes.</param>
/// <param name="Facet">For a question, the part of the procedure asked about, if any.</param>
/// <param name="Language">For <see cref="TurnIntent.ChooseLanguage"/>, the label chosen.</param>
/// <param name="WordCount">How many words the message has (short follow-ups are read against the procedure in focus).</param>
/// <param name="VariantKind">The variant the message names (first, renewal, lost, minor...), matching record <c>variant.kind</c>.</param>
public sealed record TurnUnderstanding(TurnIntent Intent, Facet Facet, string? Language, int WordCount, string? VariantKind = null)
{
    /// <summary>What the message says of the citizen's situation (variant, age, abroad, vehicle).</summary>
    public Situation Situation { get; init; } = Situation.None;

    /// <summary>A yes/no question about what is required ("do I need my ID card?"): about the focus's documents.</summary>
    public bool AsksRequirement { get; init; }

    /// <summary>"And then I need ...": the citizen moves on to another procedure, not the next step of this one.</summary>
    public bool MovesOn { get; init; }

    /// <summary>"First", "before", "after that": the message puts procedures in order.</summary>
    public bool SpeaksOfOrder { get; init; }

    /// <summary>"Lui faire un passeport", "get her a passport": the document is for someone spoken of before.</summary>
    public bool ForSomeoneElse { get; init; }

    /// <summary>"It's urgent", "just this once", "nobody will know": pressing for what was just refused.</summary>
    public bool Insists { get; init; }

    /// <summary>A pronoun for the procedure being discussed: "je le fais au consulat ?", "fin ndirha?".</summary>
    public bool PointsAtFocus { get; init; }

    /// <summary>What follows someone asking the citizen for a paper ("la CNSS me demande | un certificat de vie"), or null.</summary>
    public string? AskedFor { get; init; }

    /// <summary>About the weather or football ("wach ghada tchta ghedda?", "lmatch d raja"): never administrative.</summary>
    public bool NeverAdministrative { get; init; }

    /// <summary>
    /// A word of getting round the rules (a little something for the clerk, nobody checks, less than the real price,
    /// without declaring it, someone to sit the exam): with the message-kind model's refusal, a request to refuse.
    /// </summary>
    public bool HintsDishonesty { get; init; }

    /// <summary>A person and talking or helping in one message ("bghit insan y3awnni"): a hand-off when it names no procedure.</summary>
    public bool AsksForPerson { get; init; }

    /// <summary>
    /// The small talk a short message's social words would make ("thanks man": thanks; "ok ok jk": an acknowledgement),
    /// when the words around them are not all social ones; null when it has none.
    /// </summary>
    public TurnIntent? SocialKind { get; init; }

    /// <summary>
    /// The message without its greeting, thanks and acknowledgement words ("hey i need an id card" → "i need an id
    /// card"), for the checks that count the words no procedure uses; the message itself when it has none.
    /// </summary>
    public string? Substance { get; init; }

    /// <summary>
    /// The message without "this/that" and the word it points at ("وشنو كتعطي هاد البطاقة" → "وشنو كتعطي"), or null when
    /// it points at nothing: what is pointed at is already in the conversation, not a new name.
    /// </summary>
    public string? WithoutPointedAt { get; init; }
}
