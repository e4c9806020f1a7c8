using System.Globalization;
using MarocAssistant.Conversation.Privacy;

namespace MarocAssistant.Cli.Replay;

/// <summary>
/// Checks a turn against its expectations. Ids and timestamps are never compared; texts are compared ignoring
/// whitespace, and after redaction on both sides, since recorded transcripts are redacted and the live answer is not
/// (an administration's phone number in an answer becomes <c>[PHONE]</c> in the recording).
/// </summary>
internal static class ReplayComparer
{
    public static IReadOnlyList<TurnCheck> Check(TurnExpectation expect, ObservedTurn got)
    {
        var checks = new List<TurnCheck>();
        if (expect.Language is { } language)
        {
            var detected = got.Detected ?? got.ReplyLanguage ?? "";
            checks.Add(new TurnCheck("language", string.Equals(language, detected, StringComparison.OrdinalIgnoreCase), language, Or(detected)));
        }

        if (expect.Procedure is { } procedure)
        {
            var gotProcedure = got.Procedure ?? "none";
            checks.Add(new TurnCheck("procedure", string.Equals(procedure, gotProcedure, StringComparison.OrdinalIgnoreCase), procedure, gotProcedure));
        }

        if (expect.Outcome is { } outcome)
        {
            checks.Add(new TurnCheck("outcome", string.Equals(outcome, got.Outcome, StringComparison.OrdinalIgnoreCase), outcome, Or(got.Outcome)));
        }

        var text = got.Text;
        foreach (var needle in expect.Contains)
        {
            checks.Add(new TurnCheck("contains", TextDiff.ContainsText(text, needle), needle, Excerpt(text)));
        }

        foreach (var needle in expect.NotContains)
        {
            checks.Add(new TurnCheck("not_contains", !TextDiff.ContainsText(text, needle), "no " + needle, Excerpt(text)));
        }

        var buttons = got.Buttons.ToList();
        var buttonList = buttons.Count == 0 ? "(none)" : string.Join(" | ", buttons.Select(b => b.Title));
        foreach (var button in expect.Buttons ?? [])
        {
            var found = buttons.Any(b => TextDiff.ContainsText(b.Title, button) || TextDiff.ContainsText(b.Value, button));
            checks.Add(new TurnCheck("buttons", found, button, buttonList));
        }

        if (expect.ButtonCount is { } count)
        {
            checks.Add(new TurnCheck("buttons", buttons.Count == count, count.ToString(CultureInfo.InvariantCulture) + " buttons", buttons.Count.ToString(CultureInfo.InvariantCulture) + ": " + buttonList));
        }

        if (expect.Handoff is { } handoff)
        {
            checks.Add(new TurnCheck("handoff", handoff == got.Handoff, handoff ? "handoff" : "no handoff", got.Handoff ? "handoff" : "no handoff"));
        }

        if (expect.MaxMs is { } maxMs)
        {
            checks.Add(new TurnCheck("max_ms", got.ElapsedMs <= maxMs, $"≤ {maxMs} ms", got.ElapsedMs.ToString("0.0", CultureInfo.InvariantCulture) + " ms"));
        }

        if (expect.Replies is { } replies)
        {
            CompareRecorded(replies, got, checks);
        }

        return checks;
    }

    /// <summary>A transcript turn: as many replies, of the same types, with the same texts, buttons and channelData facts.</summary>
    private static void CompareRecorded(IReadOnlyList<ExpectedReply> expected, ObservedTurn got, List<TurnCheck> checks)
    {
        var actual = got.Replies;
        checks.Add(new TurnCheck(
            "replies",
            expected.Count == actual.Count,
            Count(expected.Count, expected.Select(e => e.Type)),
            Count(actual.Count, actual.Select(a => a.Type))));

        for (var i = 0; i < Math.Max(expected.Count, actual.Count); i++)
        {
            var e = i < expected.Count ? expected[i] : null;
            var a = i < actual.Count ? actual[i] : null;
            var label = $"reply {i + 1}";
            if (e is null || a is null)
            {
                var missing = e is null ? "(nothing)" : Describe(e);
                var extra = a is null ? "(nothing)" : Describe(a);
                checks.Add(new TurnCheck(label, false, missing, extra, TextDiff.Lines(e?.Text, a?.Text)));
                continue;
            }

            if (!string.Equals(e.Type, a.Type, StringComparison.OrdinalIgnoreCase))
            {
                checks.Add(new TurnCheck(label + " type", false, e.Type, a.Type));
                continue;
            }

            if (e.Type == "event")
            {
                checks.Add(new TurnCheck(label + " event", e.EventName == a.EventName, Or(e.EventName), Or(a.EventName)));
                continue;
            }

            var expectedText = PersonalDataRedactor.Redact(e.Text);
            var gotText = PersonalDataRedactor.Redact(a.Text);
            var same = TextDiff.EqualIgnoringWhitespace(expectedText, gotText);
            checks.Add(new TurnCheck(label + " text", same, expectedText, gotText, same ? null : TextDiff.Lines(expectedText, gotText)));

            var expectedButtons = string.Join(" | ", e.Buttons.Select(b => TextDiff.Normalize(PersonalDataRedactor.Redact(b))));
            var gotButtons = string.Join(" | ", a.Buttons.Select(b => TextDiff.Normalize(PersonalDataRedactor.Redact(b.Title))));
            if (expectedButtons.Length > 0 || gotButtons.Length > 0)
            {
                checks.Add(new TurnCheck(label + " buttons", expectedButtons == gotButtons, Or(expectedButtons), Or(gotButtons)));
            }

            AddFact(checks, label + " language", e.Language, a.Language);
            AddFact(checks, label + " procedure", e.Procedure, a.Procedure);
            AddFact(checks, label + " outcome", e.Outcome, a.Outcome);
        }
    }

    /// <summary>A channelData fact is compared only when the recording has it (the Emulator's transcripts do not).</summary>
    private static void AddFact(List<TurnCheck> checks, string name, string? expected, string? got)
    {
        if (expected is not null)
        {
            checks.Add(new TurnCheck(name, string.Equals(expected, got, StringComparison.OrdinalIgnoreCase), expected, Or(got)));
        }
    }

    private static string Describe(ExpectedReply reply) =>
        reply.Type == "event" ? "event " + reply.EventName : reply.Text ?? "(" + reply.Type + ")";

    private static string Describe(ObservedReply reply) =>
        reply.Type == "event" ? "event " + reply.EventName : reply.Text ?? "(" + reply.Type + ")";

    private static string Count(int count, IEnumerable<string> types) =>
        count.ToString(CultureInfo.InvariantCulture) + (count == 0 ? "" : " (" + string.Join(", ", types) + ")");

    private static string Or(string? value) => string.IsNullOrEmpty(value) ? "(none)" : value;

    private static string Excerpt(string text)
    {
        var flat = TextDiff.Normalize(text);
        return flat.Length == 0 ? "(no text)" : flat.Length <= 160 ? flat : flat[..157] + "...";
    }
}
