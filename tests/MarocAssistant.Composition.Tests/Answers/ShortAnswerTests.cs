using System.Globalization;
using MarocAssistant.Composition;
using MarocAssistant.Composition.Answers;
using MarocAssistant.Retrieval.Corpus;
using MarocAssistant.Testing;

namespace MarocAssistant.Composition.Tests.Answers;

/// <summary>Issue 18: a short first answer a citizen reads on a phone, the rest on tap.</summary>
public sealed class ShortAnswerTests
{
    private static readonly ProcedureCorpus Corpus = ProcedureCorpus.LoadFolder(Path.Combine(RepoPaths.Corpus, "procedures"));
    private static readonly TemplateSet Templates = TemplateSet.LoadFolder(TemplateSet.DefaultFolder);
    private static readonly TemplateAnswerComposer Composer =
        new(Templates, new ManualTimeProvider(DateTimeOffset.Parse("2026-12-05T12:00:00Z", CultureInfo.InvariantCulture)));

    [Fact]
    public void ComposeAnswer_EveryRecordEveryLanguage_IsAtMost120WordsAndMostlyAtMost80()
    {
        var counts = new List<(string Where, int Words)>();
        foreach (var record in Corpus.Records)
        {
            foreach (var language in ReplyLanguages.All)
            {
                counts.Add(($"{record.Id} {language}", TemplateAnswerComposer.Words(Composer.ComposeAnswer(record, language).Text)));
            }
        }

        var over = counts.Where(c => c.Words > TemplateAnswerComposer.MaxWords).Select(c => $"{c.Where}: {c.Words}").ToList();
        Assert.True(over.Count == 0, "over 120 words:\n" + string.Join("\n", over));
        var aimed = counts.Count(c => c.Words <= TemplateAnswerComposer.AimedWords);
        TestContext.Current.SendDiagnosticMessage(
            $"first answers: {counts.Count}, ≤ 80 words: {aimed}, median {counts.Select(c => c.Words).Order().ElementAt(counts.Count / 2)}, max {counts.Max(c => c.Words)}");
        Assert.True(aimed * 100 >= counts.Count * 85, $"only {aimed} of {counts.Count} first answers are ≤ 80 words");
    }

    [Theory]
    [InlineData("ary-Arab", "درهم")]
    [InlineData("ary-Latn", "dh")]
    [InlineData("arb", "درهم")]
    [InlineData("fr", "DH")]
    [InlineData("en", "DH")]
    public void ComposeAnswer_PassportRenewal_GivesFeeOfficialLinkShortSourceAndDetailButtons(string language, string currency)
    {
        var record = Corpus.Find("passport-renewal")!;
        var recordLanguage = ReplyLanguages.ToRecordLanguage(language);

        var reply = Composer.ComposeAnswer(record, language);

        Assert.Contains("500 " + currency, reply.Text, StringComparison.Ordinal);
        var lines = reply.Text.TrimEnd().Split('\n');
        Assert.Equal(Templates.Get(recordLanguage, "online") + ": " + record.OnlineService!.Url, lines[^2]);
        Assert.Equal(
            Templates.Format(
                recordLanguage,
                "source",
                ("title", TemplateAnswerComposer.SiteName(reply.Citation!.Url)),
                ("kind", Templates.Get(recordLanguage, "kind_" + reply.Citation.Kind)),
                ("date", reply.Citation.Published?[..4] ?? Templates.Get(recordLanguage, "date_unknown"))),
            lines[^1]);
        Assert.DoesNotContain(record.Block(recordLanguage).Steps[0], reply.Text, StringComparison.Ordinal);
        var titles = reply.Actions.Select(a => a.Title).ToList();
        string[] expected =
        [
            Templates.Get(recordLanguage, "btn_documents"), Templates.Get(recordLanguage, "btn_steps"), Templates.Get(recordLanguage, "btn_where"),
            Templates.Get(recordLanguage, "btn_source"), Templates.Get(recordLanguage, "btn_useful"), Templates.Get(recordLanguage, "btn_not_useful"),
        ];
        Assert.Equal(expected, titles.Where(expected.Contains));
        Assert.Equal(record.Delay is not null, titles.Contains(Templates.Get(recordLanguage, "btn_delay")));
        Assert.Equal(Templates.Get(recordLanguage, "btn_next"), reply.Actions[1].Value);
        Assert.Equal(["👍", "👎"], reply.Actions.TakeLast(2).Select(a => a.Value));
    }

    [Fact]
    public void ComposeAnswer_FeedbackButtons_AreNamedInWordsNotOnlyEmoji()
    {
        foreach (var language in ReplyLanguages.All)
        {
            var reply = Composer.ComposeAnswer(Corpus.Find("cnie-first")!, language);
            Assert.All(reply.Actions, a => Assert.Contains(a.Title, t => char.IsLetter(t)));
        }
    }

    [Fact]
    public void ComposePart_EveryDetailButton_AnswersThatDetailOnlyAndOffersTheOthers()
    {
        var record = Corpus.Find("passport-renewal")!;
        foreach (var language in ReplyLanguages.All)
        {
            var recordLanguage = ReplyLanguages.ToRecordLanguage(language);
            var block = record.Block(recordLanguage);
            foreach (var action in Composer.ComposeAnswer(record, language).Actions.Where(a => Composer.DetailPart(a.Value) is not null))
            {
                var part = Composer.DetailPart(action.Value)!.Value;
                var reply = Composer.ComposePart(record, language, part);

                Assert.DoesNotContain(reply.Actions, a => a.Title == action.Title);
                Assert.Equal(part == AnswerPart.Documents, reply.Text.Contains(block.Documents[0], StringComparison.Ordinal));
                Assert.DoesNotContain(block.Steps[0], reply.Text, StringComparison.Ordinal);
                Assert.Equal(part == AnswerPart.Source, reply.Text.Contains(record.Sources[0].Url, StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public void ComposePart_Source_ListsEverySourceWithItsAddress()
    {
        foreach (var record in Corpus.Records)
        {
            var reply = Composer.ComposePart(record, "fr", AnswerPart.Source);
            Assert.All(record.Sources, s => Assert.Contains(s.Title + " (", reply.Text, StringComparison.Ordinal));
            Assert.All(record.Sources, s => Assert.Contains(s.Url, reply.Text, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("Documents", AnswerPart.Documents)]
    [InlineData("Lwra9", AnswerPart.Documents)]
    [InlineData("فين نمشي", AnswerPart.Where)]
    [InlineData("Processing time", AnswerPart.Delay)]
    [InlineData("المصادر", AnswerPart.Source)]
    [InlineData("sources ?", AnswerPart.Source)]
    [InlineData("Lkhatawat", AnswerPart.Steps)]
    [InlineData("combien ça coûte ?", null)]
    public void DetailPart_ButtonTexts_AreReadInAnyLanguage(string text, AnswerPart? expected) =>
        Assert.Equal(expected, Composer.DetailPart(text));
}
