using System.Globalization;
using MarocAssistant.Composition;
using MarocAssistant.Composition.Answers;
using MarocAssistant.Language.Detection;
using MarocAssistant.Retrieval.Corpus;
using MarocAssistant.Testing;

namespace MarocAssistant.Composition.Tests.Answers;

/// <summary>
/// Answers are composed once per record, language, part and day, then shared: the same reply on the same day, the
/// same text as a composer that never composed it before, and a fresh composition once the day has changed (a
/// time-bound fact may have expired overnight).
/// </summary>
public sealed class ComposedAnswerCacheTests
{
    private static readonly ProcedureCorpus Corpus = ProcedureCorpus.LoadFolder(Path.Combine(RepoPaths.Corpus, "procedures"));
    private static readonly TemplateSet Templates = TemplateSet.LoadFolder(TemplateSet.DefaultFolder);

    private static ManualTimeProvider Clock(string day) => new(DateTimeOffset.Parse(day + "T12:00:00Z", CultureInfo.InvariantCulture));

    [Fact]
    public void ComposeAnswer_SameRecordLanguageAndDay_ReturnsTheSameReply()
    {
        var composer = new TemplateAnswerComposer(Templates, Clock("2026-12-05"));
        var record = Corpus.Find("passport-first")!;

        var first = composer.ComposeAnswer(record, LanguageLabels.DarijaLatin);

        Assert.Same(first, composer.ComposeAnswer(record, LanguageLabels.DarijaLatin));
        Assert.Same(composer.ComposePart(record, LanguageLabels.French, AnswerPart.Fees), composer.ComposePart(record, LanguageLabels.French, AnswerPart.Fees));
        Assert.Same(composer.ComposeStep(record, LanguageLabels.StandardArabic, 0), composer.ComposeStep(record, LanguageLabels.StandardArabic, 0));
        Assert.NotSame(first, composer.ComposeAnswer(record, LanguageLabels.French));
        Assert.NotEqual(composer.ComposePart(record, LanguageLabels.French, AnswerPart.Fees).Text, composer.ComposePart(record, LanguageLabels.French, AnswerPart.Documents).Text);
    }

    [Fact]
    public void ComposeEverything_Twice_GivesWhatAFreshComposerGives()
    {
        var shared = new TemplateAnswerComposer(Templates, Clock("2026-12-05"));
        foreach (var pass in new[] { 1, 2 })
        {
            foreach (var record in Corpus.Records)
            {
                foreach (var language in ReplyLanguages.All)
                {
                    var fresh = new TemplateAnswerComposer(Templates, Clock("2026-12-05"));
                    Assert.Equal(Render(fresh.ComposeAnswer(record, language)), Render(shared.ComposeAnswer(record, language)));
                    foreach (var part in Enum.GetValues<AnswerPart>())
                    {
                        Assert.Equal(Render(fresh.ComposePart(record, language, part)), Render(shared.ComposePart(record, language, part)));
                    }

                    for (var i = -1; i <= record.Block(ReplyLanguages.ToRecordLanguage(language)).Steps.Count; i++)
                    {
                        Assert.Equal(Render(fresh.ComposeStep(record, language, i)), Render(shared.ComposeStep(record, language, i)));
                    }
                }
            }

            Assert.True(pass > 0);
        }
    }

    [Fact]
    public void ComposeAnswer_AfterTheDayAFactExpires_ComposesAgain()
    {
        // A record with a time-bound fact (the corpus has yearly fees and application windows), on its last day.
        var (record, last) = Corpus.Records
            .SelectMany(r => r.Fees.Select(f => f.ValidUntil).Concat(r.Calendar.Select(c => c.ValidUntil)).OfType<string>().Select(until => (r, until)))
            .OrderBy(f => f.until, StringComparer.Ordinal)
            .First();
        var clock = Clock(last);
        var composer = new TemplateAnswerComposer(Templates, clock);
        var before = composer.ComposeAnswer(record, LanguageLabels.French);
        Assert.Same(before, composer.ComposeAnswer(record, LanguageLabels.French));

        clock.Advance(TimeSpan.FromDays(1));
        var after = composer.ComposeAnswer(record, LanguageLabels.French);

        Assert.NotEqual(before.Text, after.Text);
        Assert.Equal(new TemplateAnswerComposer(Templates, Clock(DateOnly.Parse(last, CultureInfo.InvariantCulture).AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))).ComposeAnswer(record, LanguageLabels.French).Text, after.Text);
    }

    private static string Render(Reply? reply) =>
        reply is null ? "(none)" : string.Join("\n", [reply.Text, reply.Language, reply.Kind.ToString(), reply.Citation?.ToString() ?? "", reply.ProcedureId ?? "", .. reply.Actions.Select(a => a.ToString())]);
}
