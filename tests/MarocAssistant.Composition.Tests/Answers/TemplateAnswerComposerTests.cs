using MarocAssistant.Composition;
using MarocAssistant.Composition.Answers;
using MarocAssistant.Retrieval.Corpus;
using MarocAssistant.Testing;

namespace MarocAssistant.Composition.Tests.Answers;

public sealed class TemplateAnswerComposerTests
{
    private static readonly ProcedureCorpus Corpus = ProcedureCorpus.LoadFolder(Path.Combine(RepoPaths.Corpus, "procedures"));
    private static readonly TemplateAnswerComposer Composer = new(TemplateSet.LoadFolder(TemplateSet.DefaultFolder));

    [Theory]
    [InlineData("ary-Arab", "الخطوات", "درهم")]
    [InlineData("ary-Latn", "Lkhatawat", "dh")]
    [InlineData("arb", "المراحل", "درهم")]
    [InlineData("fr", "Étapes", "DH")]
    [InlineData("en", "Steps", "DH")]
    public void ComposeAnswer_EachLanguage_UsesThatLanguagesRecordAndLabels(string language, string stepsLabel, string currency)
    {
        var record = Corpus.Find("cnie-first")!;

        var reply = Composer.ComposeAnswer(record, language);

        var block = record.Block(ReplyLanguages.ToRecordLanguage(language));
        Assert.StartsWith(block.Title, reply.Text, StringComparison.Ordinal);
        // The steps come on tap (issue 18): the steps part lists them, numbered, under the language's label.
        var steps = Composer.ComposePart(record, language, AnswerPart.Steps).Text;
        Assert.Matches("(?m)^" + System.Text.RegularExpressions.Regex.Escape(stepsLabel) + "( \\([^)]*\\))?:\n1\\. " + System.Text.RegularExpressions.Regex.Escape(block.Steps[0]), steps);
        Assert.Contains("75 " + currency, reply.Text, StringComparison.Ordinal);
        var source = reply.Text.TrimEnd().Split('\n')[^1];
        Assert.Contains(TemplateAnswerComposer.SiteName(reply.Citation!.Url), source, StringComparison.Ordinal);
        Assert.Contains(reply.Citation.Url, Composer.ComposePart(record, language, AnswerPart.Source).Text, StringComparison.Ordinal);
        Assert.Contains(Composer.Templates.Get(ReplyLanguages.ToRecordLanguage(language), "kind_" + reply.Citation.Kind), source, StringComparison.Ordinal);
        Assert.DoesNotContain("2026-11-22", reply.Text, StringComparison.Ordinal);
        Assert.Equal(language, reply.Language);
        Assert.Equal("cnie-first", reply.ProcedureId);
    }

    [Fact]
    public void ComposeAnswer_RecordWithoutFees_SaysItHasNoVerifiedInformation()
    {
        var record = Corpus.Records.First(r => r.Fees.Count == 0);

        var reply = Composer.ComposeAnswer(record, "fr");

        Assert.Contains("je n'ai pas d'information vérifiée", reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(" DH (", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void ComposeAnswer_EveryRecordEveryLanguage_PrintsOnlyRecordAmountsAndUrls()
    {
        foreach (var record in Corpus.Records)
        {
            foreach (var language in ReplyLanguages.All)
            {
                var reply = Composer.ComposeAnswer(record, language);
                var urls = System.Text.RegularExpressions.Regex.Matches(reply.Text, @"https?://[^\s)]+").Select(m => m.Value.TrimEnd('.', ',', ';', ':'));
                var known = record.Sources.Select(s => s.Url).Append(record.OnlineService?.Url).OfType<string>().ToHashSet(StringComparer.Ordinal);
                Assert.All(urls, url => Assert.Contains(url, known));
                Assert.NotNull(reply.Citation);
            }
        }
    }

    [Fact]
    public void Clarify_Candidates_OfferOneButtonPerCandidateWithShortLabels()
    {
        var choices = new[] { Corpus.Find("cnie-first")!, Corpus.Find("cnie-renewal")!, Corpus.Find("cnie-lost")! };

        var reply = Composer.Clarify(choices, "ary-Latn");

        Assert.Equal(ReplyKind.Clarify, reply.Kind);
        Assert.Equal(3, reply.Actions.Count);
        Assert.All(reply.Actions, a => Assert.InRange(a.Title.Length, 1, 20));
    }

    [Fact]
    public void LoadFolder_ShippedTemplates_DefineEveryKeyInEveryLanguage()
    {
        var templates = TemplateSet.LoadFolder(TemplateSet.DefaultFolder);

        foreach (var language in Enum.GetValues<RecordLanguage>())
        {
            Assert.False(string.IsNullOrWhiteSpace(templates.Get(language, "fallback")));
            Assert.Contains("{date}", templates.Get(language, "source"), StringComparison.Ordinal);
        }
    }
}
