namespace MarocAssistant.Cli.Replay;

/// <summary>Where a conversation to replay came from.</summary>
internal enum ReplaySourceKind
{
    /// <summary>A scripted YAML test: user lines with expectations.</summary>
    Script,

    /// <summary>A Bot Framework .transcript: user activities replayed, bot replies compared to the recorded ones.</summary>
    Transcript,
}

/// <summary>One conversation to replay, in a fresh conversation on the target.</summary>
/// <param name="Name">The test's name (the YAML <c>name</c>, or the file name).</param>
/// <param name="Source">The file it was read from, as given on the command line.</param>
/// <param name="Kind">A scripted test or a transcript.</param>
/// <param name="Turns">The turns, in order.</param>
/// <param name="Variant">For <c>--variants</c>: the language or script of this variant, else null.</param>
/// <param name="LoadError">Set when the file could not be read; the case then fails with this message.</param>
internal sealed record ReplayCase(
    string Name,
    string Source,
    ReplaySourceKind Kind,
    IReadOnlyList<ReplayTurn> Turns,
    string? Variant = null,
    string? LoadError = null)
{
    /// <summary>The name shown in reports: <c>name [variant]</c>.</summary>
    public string DisplayName => Variant is null ? Name : $"{Name} [{Variant}]";

    public static ReplayCase Broken(string source, string error) =>
        new(Path.GetFileName(source), source, ReplaySourceKind.Script, [], LoadError: error);
}

/// <summary>One turn: what the user sends (null for the start of the conversation, answered by the welcome) and what is expected.</summary>
internal sealed record ReplayTurn(string? UserText, TurnExpectation Expect)
{
    public bool IsConversationStart => UserText is null;

    public string DisplayText => UserText ?? "(conversation start)";
}

/// <summary>
/// What a turn must produce. Scripted tests set the fields they care about; a transcript sets
/// <see cref="Replies"/> (the recorded bot activities) and whatever its channelData tells.
/// </summary>
internal sealed record TurnExpectation
{
    /// <summary>The language detected for the user's line (<c>ary-Latn</c>, <c>ary-Arab</c>, <c>arb</c>, <c>fr</c>, <c>en</c>...).</summary>
    public string? Language { get; init; }

    /// <summary>The procedure chosen; <c>none</c> demands that none is.</summary>
    public string? Procedure { get; init; }

    /// <summary>answer, clarify, small-talk, out-of-scope, refusal, handoff, fallback.</summary>
    public string? Outcome { get; init; }

    /// <summary>Texts that must all appear in the replies (case-insensitive, whitespace-tolerant).</summary>
    public IReadOnlyList<string> Contains { get; init; } = [];

    /// <summary>Texts that must not appear.</summary>
    public IReadOnlyList<string> NotContains { get; init; } = [];

    /// <summary>Buttons that must be offered (each matches a button's title or value, case-insensitive).</summary>
    public IReadOnlyList<string>? Buttons { get; init; }

    /// <summary>The exact number of buttons offered.</summary>
    public int? ButtonCount { get; init; }

    /// <summary>Whether the turn hands the citizen over to a person.</summary>
    public bool? Handoff { get; init; }

    /// <summary>Longest acceptable time from sending to the first reply, in milliseconds.</summary>
    public int? MaxMs { get; init; }

    /// <summary>The recorded bot activities the replies are compared to (transcripts only).</summary>
    public IReadOnlyList<ExpectedReply>? Replies { get; init; }
}

/// <summary>A recorded bot activity: message text and buttons, or an event's name; plus what its channelData said.</summary>
internal sealed record ExpectedReply(string Type, string? Text, IReadOnlyList<string> Buttons, string? EventName, string? Language, string? Procedure, string? Outcome);

/// <summary>A button as offered: its title and the text it sends back.</summary>
internal sealed record ObservedButton(string Title, string Value);

/// <summary>One activity the assistant sent back in a turn.</summary>
internal sealed record ObservedReply(
    string Type,
    string? Text,
    IReadOnlyList<ObservedButton> Buttons,
    string? EventName = null,
    string? Language = null,
    string? Detected = null,
    string? Procedure = null,
    string? Outcome = null);

/// <summary>What the assistant did in a turn, as seen by the replay target.</summary>
internal sealed record ObservedTurn(IReadOnlyList<ObservedReply> Replies, double ElapsedMs)
{
    public string? Detected => Replies.Select(r => r.Detected).FirstOrDefault(d => d is not null);

    /// <summary>The reply language, when the target reports no detected language (another bot, an old transcript).</summary>
    public string? ReplyLanguage => Replies.Select(r => r.Language).FirstOrDefault(d => d is not null);

    public string? Procedure => Replies.Select(r => r.Procedure).FirstOrDefault(p => p is not null);

    public string? Outcome => Replies.Select(r => r.Outcome).FirstOrDefault(o => o is not null);

    public bool Handoff => Outcome == "handoff" || Replies.Any(r => r.Type == "event" && r.EventName == "handoff");

    public IEnumerable<ObservedButton> Buttons => Replies.SelectMany(r => r.Buttons);

    /// <summary>The messages' texts, one after the other.</summary>
    public string Text => string.Join("\n\n", Replies.Where(r => r.Type == "message" && r.Text is not null).Select(r => r.Text));
}

/// <summary>One expectation checked: its name, whether it held, and what was expected and got (with a diff for texts).</summary>
internal sealed record TurnCheck(string Name, bool Passed, string Expected, string Got, IReadOnlyList<DiffLine>? Diff = null);

/// <summary>The result of one turn.</summary>
internal sealed record TurnReport(int Number, ReplayTurn Turn, ObservedTurn? Got, IReadOnlyList<TurnCheck> Checks, string? Error = null)
{
    public bool Passed => Error is null && Checks.All(c => c.Passed);

    public IEnumerable<TurnCheck> Failures => Checks.Where(c => !c.Passed);
}

/// <summary>The result of one conversation.</summary>
internal sealed record CaseReport(ReplayCase Case, IReadOnlyList<TurnReport> Turns, double ElapsedMs, string? Error = null)
{
    public bool Passed => Error is null && Turns.All(t => t.Passed);

    /// <summary>A one-line reason for a failure, for summaries and JUnit messages.</summary>
    public string? FailureSummary =>
        Error ?? Turns.Where(t => !t.Passed).Select(t => $"turn {t.Number}: " + (t.Error ?? string.Join("; ", t.Failures.Select(f => f.Name + " expected " + Short(f.Expected) + ", got " + Short(f.Got))))).FirstOrDefault();

    private static string Short(string text)
    {
        var flat = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= 80 ? flat : flat[..77] + "...";
    }
}

/// <summary>Everything one <c>maroc replay</c> run did.</summary>
internal sealed record ReplayReport(IReadOnlyList<CaseReport> Cases, string Target, DateTimeOffset Started, double ElapsedMs)
{
    public int Passed => Cases.Count(c => c.Passed);

    public int Total => Cases.Count;

    public int TurnCount => Cases.Sum(c => c.Turns.Count);
}
