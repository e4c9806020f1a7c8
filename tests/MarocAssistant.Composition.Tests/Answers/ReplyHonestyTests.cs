using MarocAssistant.Composition;
using MarocAssistant.Composition.Answers;
using MarocAssistant.Retrieval.Corpus;
using MarocAssistant.Testing;
using MarocAssistant.Training.CorpusCheck;

namespace MarocAssistant.Composition.Tests.Answers;

/// <summary>
/// What a citizen reads, over every record × reply language × facet (the whole answer, each part a follow-up can ask
/// for, each step, and the facts an LLM wording gets): no editorial remark, no expired time-bound fact shown as
/// current, no French left in an Arabic, Darija or Arabizi reply (the same detectors as <c>maroc corpus check</c>),
/// and facts resting on press or guides marked as such.
/// </summary>
public sealed class ReplyHonestyTests
{
    private static readonly ProcedureCorpus Corpus = ProcedureCorpus.LoadFolder(Path.Combine(RepoPaths.Corpus, "procedures"));
    private static readonly TemplateSet Templates = TemplateSet.LoadFolder(TemplateSet.DefaultFolder);
    private static readonly LatinText Latin = LatinText.Load(RepoPaths.Corpus);

    /// <summary>The day the corpus was checked, a day when every dated fact of the corpus has passed, and a day inside the 2025 windows.</summary>
    public static TheoryData<string> Days => ["2026-12-05", "2031-06-01", "2025-07-20"];

    [Theory]
    [MemberData(nameof(Days))]
    public void Replies_EveryRecordLanguageAndFacet_HaveNoRemarkNoExpiredFactNoFrenchInArabicOrDarija(string day)
    {
        var composer = Composer(day);
        var today = DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture);
        var faults = new List<string>();
        foreach (var record in Corpus.Records)
        {
            foreach (var replyLanguage in ReplyLanguages.All)
            {
                var language = ReplyLanguages.ToRecordLanguage(replyLanguage);
                foreach (var (facet, text) in Facets(composer, record, replyLanguage))
                {
                    var where = $"{record.Id} {replyLanguage} {facet}";
                    faults.AddRange(EditorialNotes.Find(text).Select(r => $"{where}: editorial remark \"{r}\""));
                    faults.AddRange(Latin.FrenchWords(text, language).Select(w => $"{where}: French word \"{w}\""));
                    faults.AddRange(ExpiredShown(record, language, today, text).Select(f => $"{where}: expired fact shown: {f}"));
                }
            }
        }

        Assert.True(faults.Count == 0, string.Join("\n", faults.Take(40)));
    }

    [Fact]
    public void ComposeAnswer_ExpiredWindowAndYearlyFees_SayTheyChangeAndWhereToCheck()
    {
        var composer = Composer("2031-06-01");

        foreach (var language in ReplyLanguages.All)
        {
            var recordLanguage = ReplyLanguages.ToRecordLanguage(language);
            var scholarship = composer.ComposeAnswer(Corpus.Find("scholarship")!, language).Text;
            var calendarNotice = Templates.Format(recordLanguage, "calendar_expired", ("where", "")).Split('—')[0];
            Assert.Contains(calendarNotice, scholarship, StringComparison.Ordinal);
            Assert.Contains("https://www.minhaty.ma", scholarship, StringComparison.Ordinal);

            var vignette = composer.ComposePart(Corpus.Find("vehicle-tax")!, language, AnswerPart.Fees).Text;
            Assert.Contains(Templates.Format(recordLanguage, "fees_expired", ("where", "")).Split('—')[0], vignette, StringComparison.Ordinal);
            Assert.DoesNotContain("20000", vignette, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ComposeAnswer_WindowStillOpen_ShowsItsDates()
    {
        var reply = Composer("2025-07-20").ComposeAnswer(Corpus.Find("scholarship")!, "fr").Text;

        Assert.Contains("14 juillet au 30 septembre 2025", reply, StringComparison.Ordinal);
        Assert.DoesNotContain(Templates.Get(RecordLanguage.Fr, "calendar_expired").Split(';')[0], reply, StringComparison.Ordinal);
    }

    [Fact]
    public void ComposePart_FactFromThePressOnly_IsMarkedWithTheAdministrationToCheckWith()
    {
        var composer = Composer("2026-12-05");
        var record = Corpus.Find("electoral-registration")!;

        var reply = composer.ComposePart(record, "fr", AnswerPart.Where).Text;

        Assert.Contains("(d'après la presse, 2026)", reply, StringComparison.Ordinal);
        Assert.Contains("vérifiez-les auprès de l'administration concernée — " + record.Administration.Fr, reply, StringComparison.Ordinal);
    }

    [Fact]
    public void ComposePart_FactFromAnOfficialSource_IsNotMarked()
    {
        var composer = Composer("2026-12-05");
        var record = Corpus.Records.First(r => r.WhereToApply is { } where && r.FindSource(where.Source)?.Kind == SourceKinds.Official);

        var reply = composer.ComposePart(record, "ary-Latn", AnswerPart.Where).Text;

        Assert.DoesNotContain(Templates.Get(RecordLanguage.AryLatn, "from_press"), reply, StringComparison.Ordinal);
        Assert.DoesNotContain(Templates.Get(RecordLanguage.AryLatn, "from_guide"), reply, StringComparison.Ordinal);
        Assert.DoesNotContain(Templates.Get(RecordLanguage.AryLatn, "unofficial_check").Split(':')[0], reply, StringComparison.Ordinal);
    }

    [Fact]
    public void ComposeAnswer_EveryRecord_GivesTheOnlineServiceBeforeTheSourceLineWithKindAndDate()
    {
        var composer = Composer("2026-12-05");
        foreach (var record in Corpus.Records)
        {
            foreach (var language in ReplyLanguages.All)
            {
                var recordLanguage = ReplyLanguages.ToRecordLanguage(language);
                var lines = composer.ComposeAnswer(record, language).Text.TrimEnd().Split('\n');
                var citation = TemplateAnswerComposer.Cite(record);
                var source = lines[^1];
                Assert.Contains(Templates.Get(recordLanguage, "kind_" + citation.Kind), source, StringComparison.Ordinal);
                // The year only (issue 18: "Source : passeport.ma (officiel, 2024)"); the full date comes with the sources.
                Assert.Contains(citation.Published?[..4] ?? Templates.Get(recordLanguage, "date_unknown"), source, StringComparison.Ordinal);
                Assert.Contains(TemplateAnswerComposer.SiteName(citation.Url), source, StringComparison.Ordinal);
                if (record.OnlineService is { } online)
                {
                    Assert.Equal(Templates.Get(recordLanguage, "online") + ": " + online.Url, lines[^2]);
                }
            }
        }
    }

    [Fact]
    public void Cite_RecordWithAnOfficialSource_CitesAnOfficialSource()
    {
        foreach (var record in Corpus.Records.Where(r => r.Sources.Exists(s => s.Kind == SourceKinds.Official)))
        {
            Assert.Equal(SourceKinds.Official, TemplateAnswerComposer.Cite(record).Kind);
        }
    }

    private static TemplateAnswerComposer Composer(string day) =>
        new(Templates, new ManualTimeProvider(DateTimeOffset.Parse(day + "T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>Every text the composer can send about a record, by facet.</summary>
    private static IEnumerable<(string Facet, string Text)> Facets(TemplateAnswerComposer composer, ProcedureRecord record, string replyLanguage)
    {
        yield return ("answer", composer.ComposeAnswer(record, replyLanguage).Text);
        foreach (var part in Enum.GetValues<AnswerPart>())
        {
            yield return (part.ToString(), composer.ComposePart(record, replyLanguage, part).Text);
        }

        for (var i = 0; composer.ComposeStep(record, replyLanguage, i) is { } step; i++)
        {
            yield return ($"step {i + 1}", step.Text);
        }

        yield return ("llm facts", composer.FactLines(record, ReplyLanguages.ToRecordLanguage(replyLanguage)));
    }

    /// <summary>The time-bound facts whose last day is before <paramref name="today"/> and whose text the reply still shows.</summary>
    private static IEnumerable<string> ExpiredShown(ProcedureRecord record, RecordLanguage language, DateOnly today, string text)
    {
        var expired = record.Calendar.Where(c => c.IsExpired(today)).Select(c => c.Text.Get(language))
            .Concat(record.Fees.Where(f => f.IsExpired(today)).Select(f => f.AmountMad.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) + " " + Templates.Format(language, "fee_item", ("amount", ""), ("condition", f.Condition.Get(language))).Trim()))
            .Concat(new[] { record.Delay, record.Validity, record.WhereToApply }.OfType<SourcedText>().Where(t => t.IsExpired(today)).Select(t => t.Text.Get(language)));
        return expired.Where(fact => text.Contains(fact, StringComparison.Ordinal));
    }
}
