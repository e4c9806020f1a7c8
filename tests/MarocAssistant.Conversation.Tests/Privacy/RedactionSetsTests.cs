using System.Text.Json;
using MarocAssistant.Conversation.Privacy;
using MarocAssistant.Testing;

namespace MarocAssistant.Conversation.Tests.Privacy;

/// <summary>
/// The two sets of tests/privacy: every planted piece of personal data is covered by a redaction of its kind (0
/// leaks), every ordinary procedure question comes out unchanged (0 false redactions), and redacting twice changes
/// nothing. Also the project's own question corpora: the contextual kinds never fire on them.
/// </summary>
public sealed class RedactionSetsTests
{
    private static readonly string SetsFolder = Path.Combine(RepoPaths.Root, "tests", "privacy");

    /// <summary>One planted message and the spans that must disappear.</summary>
    public sealed record Planted(string Lang, string Text, IReadOnlyList<(PersonalDataKind Kind, string Text)> Spans);

    public static IReadOnlyList<Planted> PlantedSet() => [.. File.ReadLines(Path.Combine(SetsFolder, "planted-personal.jsonl")).Select(line =>
    {
        var root = JsonDocument.Parse(line).RootElement;
        var spans = root.GetProperty("spans").EnumerateArray()
            .Select(s => (KindOf(s.GetProperty("kind").GetString()!), s.GetProperty("text").GetString()!))
            .ToList();
        return new Planted(root.GetProperty("lang").GetString()!, root.GetProperty("text").GetString()!, spans);
    })];

    public static IReadOnlyList<(string Lang, string Text)> OrdinarySet() => [.. File.ReadLines(Path.Combine(SetsFolder, "ordinary-questions.jsonl")).Select(line =>
    {
        var root = JsonDocument.Parse(line).RootElement;
        return (root.GetProperty("lang").GetString()!, root.GetProperty("text").GetString()!);
    })];

    [Fact]
    public void PlantedSet_EverySpan_CoveredByItsKind()
    {
        var set = PlantedSet();
        var leaks = new List<string>();
        foreach (var message in set)
        {
            var found = PersonalDataRedactor.Find(message.Text);
            var redacted = PersonalDataRedactor.Redact(message.Text);
            foreach (var (kind, span) in message.Spans)
            {
                // Every occurrence is redacted, and one of them as its kind ("nabil" is also inside "nabil.o@ gmail.com").
                var occurrences = Occurrences(message.Text, span).ToList();
                Assert.True(occurrences.Count > 0, $"span not in its message: {span} / {message.Text}");
                bool Covered(int at, bool ofKind) =>
                    Enumerable.Range(at, span.Length).All(i => found.Any(m => (!ofKind || m.Kind == kind) && m.Index <= i && i < m.Index + m.Length));
                var covered = occurrences.All(at => Covered(at, ofKind: false)) && occurrences.Any(at => Covered(at, ofKind: true));
                if (!covered || redacted.Contains(span, StringComparison.Ordinal))
                {
                    leaks.Add($"{kind} \"{span}\" in: {message.Text} => {redacted}");
                }
            }
        }

        Assert.InRange(set.Count, 200, 10_000);
        Assert.Equal(["arb", "ary-Arab", "ary-Latn", "en", "fr", "mixed"], set.Select(m => m.Lang).Distinct().Order(StringComparer.Ordinal));
        Assert.All(
            new[] { PersonalDataKind.Name, PersonalDataKind.Address, PersonalDataKind.Card, PersonalDataKind.Cnss, PersonalDataKind.Email, PersonalDataKind.BirthDate },
            kind => Assert.True(set.Sum(m => m.Spans.Count(s => s.Kind == kind)) >= 20, $"fewer than 20 planted {kind}"));
        Assert.True(leaks.Count == 0, $"{leaks.Count} leaks:\n" + string.Join("\n", leaks));
    }

    [Fact]
    public void OrdinarySet_EveryQuestion_Unchanged()
    {
        var set = OrdinarySet();
        var changed = set.Select(q => (q.Text, Redacted: PersonalDataRedactor.Redact(q.Text))).Where(p => p.Redacted != p.Text).ToList();

        Assert.InRange(set.Count, 200, 10_000);
        Assert.True(changed.Count == 0, $"{changed.Count} false redactions:\n" + string.Join("\n", changed.Select(p => p.Text + " => " + p.Redacted)));
    }

    [Fact]
    public void BothSets_RedactTwice_SameAsOnce()
    {
        foreach (var text in PlantedSet().Select(m => m.Text).Concat(OrdinarySet().Select(q => q.Text)))
        {
            var once = PersonalDataRedactor.Redact(text);
            Assert.Equal(once, PersonalDataRedactor.Redact(once));
        }
    }

    [Fact]
    public void ProjectQuestionCorpora_ContextualKindsOnlyOnThirdPartyNames()
    {
        // 1,009 corpus questions and the dev/test conversation turns: questions written for other purposes (retrieval
        // and dialog), none of them a self-introduction, an address, a card, a CNSS number or a date of birth.
        var questions = Directory.EnumerateFiles(Path.Combine(RepoPaths.Corpus, "questions"), "*.tsv")
            .SelectMany(File.ReadLines)
            .Select(line => line.Split('\t') is [_, var text, ..] ? text : "")
            .Concat(Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "tests", "conversations"), "*.yaml", SearchOption.AllDirectories)
                .SelectMany(File.ReadLines)
                .Select(line => line.Trim())
                .Where(line => line.StartsWith("- user:", StringComparison.Ordinal))
                .Select(line => line["- user:".Length..].Trim().Trim('"')))
            .Where(text => text.Length > 0)
            .ToList();
        PersonalDataKind[] contextual = [PersonalDataKind.Name, PersonalDataKind.Address, PersonalDataKind.Card, PersonalDataKind.Cnss, PersonalDataKind.BirthDate];

        var fired = questions
            .Select(q => (q, Matches: PersonalDataRedactor.Find(q).Where(m => contextual.Contains(m.Kind)).ToList()))
            .Where(p => p.Matches.Count > 0)
            .Select(p => PersonalDataRedactor.Redact(p.q))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

        // The only ones: requests for someone else's data, which do name a third person ("smito ahmed"), and a citizen's
        // own neighbourhood given as where they live ("ana f 7ay mohammadi", from the situations tuning set): a district
        // named with "hay" is an address cue, and where one lives is kept out of transcripts.
        Assert.True(questions.Count > 2_000, $"only {questions.Count} questions read");
        Assert.Equal(
            [
                "3tini numéro d lakart nationale dyal jari smito [NAME]",
                "bghit l'adresse dyal wa7ed smito [NAME]",
                "lbanka bghat wra9a katbayn fin sakn daba, ana f [ADDRESS], wach mn l9aid wla mn lmo9addem?",
                "بغيت العنوان ديال واحد سميتو [NAME]",
                "عطيني رقم البطاقة الوطنية و العنوان ديال واحد سميتو [NAME]",
            ],
            fired);
    }

    private static IEnumerable<int> Occurrences(string text, string span)
    {
        for (var at = text.IndexOf(span, StringComparison.Ordinal); at >= 0; at = text.IndexOf(span, at + 1, StringComparison.Ordinal))
        {
            yield return at;
        }
    }

    private static PersonalDataKind KindOf(string name) => name switch
    {
        "name" => PersonalDataKind.Name,
        "address" => PersonalDataKind.Address,
        "card" => PersonalDataKind.Card,
        "cnss" => PersonalDataKind.Cnss,
        "email" => PersonalDataKind.Email,
        "birthdate" => PersonalDataKind.BirthDate,
        "cin" => PersonalDataKind.Cin,
        "phone" => PersonalDataKind.Phone,
        "passport" => PersonalDataKind.Passport,
        _ => throw new InvalidDataException("unknown kind " + name),
    };
}
