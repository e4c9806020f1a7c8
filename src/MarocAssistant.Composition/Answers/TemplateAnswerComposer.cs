// Over 400 lines: every part of a written answer shares the same source marks and templates; split, they would be passed around.
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using MarocAssistant.Retrieval.Corpus;

namespace MarocAssistant.Composition.Answers;

/// <summary>
/// Renders answers and fixed messages from the record and the editable templates. No model, no network:
/// every fact printed is a field of the record, so nothing can be invented here. What the citizen reads is honest about
/// where it comes from: a fact that rests only on press or guides is marked as such, with the administration to check
/// with; a time-bound fact (a yearly fee, an application window) whose last day has passed is replaced by "it changes
/// every year, check with..."; and the footer gives the online service first, then the source with its kind and date.
/// </summary>
public sealed class TemplateAnswerComposer : IAnswerComposer
{
    private readonly TemplateSet _templates;
    private readonly TimeProvider _clock;

    // What an answer says depends only on the record, the language, the part and the day (expired and upcoming facts).
    // Records and templates do not change once loaded and replies are immutable, so each is composed once a day and
    // shared: composing the short answer tries up to four shapes and costs ~50 KB per turn otherwise.
    private readonly ConcurrentDictionary<(ProcedureRecord Record, string Language, int Part), (DateOnly Day, Reply Reply)> _composed = new();
    private const int WholeAnswer = -1;
    private const int FirstStep = 1000;

    public TemplateAnswerComposer(TemplateSet templates)
        : this(templates, TimeProvider.System)
    {
    }

    /// <param name="templates">The fixed texts.</param>
    /// <param name="clock">"Today", to tell expired time-bound facts; a fixed clock in tests.</param>
    public TemplateAnswerComposer(TemplateSet templates, TimeProvider clock)
    {
        _templates = templates;
        _clock = clock;
    }

    public TemplateSet Templates => _templates;

    /// <summary>Today in Morocco (UTC+1 all year since 2018), as the clock sees it.</summary>
    public DateOnly Today => DateOnly.FromDateTime(_clock.GetUtcNow().ToOffset(TimeSpan.FromHours(1)).DateTime);

    public ValueTask<Reply> ComposeAnswerAsync(ProcedureRecord record, string replyLanguage, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(ComposeAnswer(record, replyLanguage));

    /// <summary>
    /// The first answer, short enough to read on a phone: what the procedure is, its dates, the fee, where to go, the
    /// official link and the source. The documents, the steps (one at a time), the delay and the full sources come on
    /// tap (<see cref="DetailActions"/>). Aimed at <see cref="AimedWords"/> words: beyond, the place is left to its
    /// button; beyond <see cref="MaxWords"/>, the summary too, then the amounts after the first ones (a fees button
    /// gives them all), so that it never exceeds <see cref="MaxWords"/>.
    /// </summary>
    public Reply ComposeAnswer(ProcedureRecord record, string replyLanguage) =>
        Composed(record, replyLanguage, WholeAnswer, static (composer, record, replyLanguage, _) => composer.ComposeAnswerOnce(record, replyLanguage));

    private Reply ComposeAnswerOnce(ProcedureRecord record, string replyLanguage)
    {
        var language = ReplyLanguages.ToRecordLanguage(replyLanguage);
        var attempt = ShortAnswer(record, language, withSummary: true, withWhere: true, int.MaxValue);
        var whereShown = record.WhereToApply is not null;
        if (!FitsShort(attempt, record, language, AimedWords))
        {
            attempt = ShortAnswer(record, language, withSummary: true, withWhere: false, int.MaxValue);
            whereShown = false;
        }

        if (!FitsShort(attempt, record, language))
        {
            attempt = ShortAnswer(record, language, withSummary: false, withWhere: false, int.MaxValue);
        }

        // A long list of amounts (fines by degree, the vignette by horsepower): the first ones, the rest on tap.
        var fees = record.Fees.Count;
        var feesCut = false;
        while (!FitsShort(attempt, record, language) && fees > 1)
        {
            attempt = ShortAnswer(record, language, withSummary: false, withWhere: false, --fees);
            feesCut = true;
        }

        var actions = DetailActions(record, language, whereShown ? AnswerPart.Where : null);
        if (feesCut)
        {
            actions.Insert(0, Detail(language, "btn_fees"));
        }

        return Finish(attempt.Text, record, language, replyLanguage, attempt.Marks, online: true, actions);
    }

    /// <summary>The reply composed today for this record, language and part, composing it on first use.</summary>
    private Reply Composed(ProcedureRecord record, string replyLanguage, int part, Func<TemplateAnswerComposer, ProcedureRecord, string, int, Reply> compose)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(replyLanguage);
        var today = Today;
        var key = (record, replyLanguage, part);
        if (_composed.TryGetValue(key, out var composed) && composed.Day == today)
        {
            return composed.Reply;
        }

        var reply = compose(this, record, replyLanguage, part);
        _composed[key] = (today, reply);
        return reply;
    }

    /// <summary>The first answer aims at this many words, in every language and script.</summary>
    public const int AimedWords = 80;

    /// <summary>The first answer never has more words than this.</summary>
    public const int MaxWords = 120;

    /// <summary>The words a citizen reads in a text: runs of letters or digits between spaces.</summary>
    public static int Words(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Count(w => w.Any(char.IsLetterOrDigit));

    private (StringBuilder Text, Marks Marks) ShortAnswer(ProcedureRecord record, RecordLanguage language, bool withSummary, bool withWhere, int feeItems)
    {
        var block = record.Block(language);
        var marks = new Marks();
        var text = new StringBuilder().Append(block.Title).Append('\n');
        if (withSummary)
        {
            text.Append(block.Summary).Append('\n');
        }

        AppendCalendar(text, record, language, marks);
        text.Append(FeesLine(record, language, marks, feeItems)).Append('\n');
        if (withWhere)
        {
            AppendSourced(text, record, language, "where", record.WhereToApply, marks);
        }

        return (text, marks);
    }

    private bool FitsShort((StringBuilder Text, Marks Marks) answer, ProcedureRecord record, RecordLanguage language, int words = MaxWords) =>
        Words(answer.Text.ToString()) + FooterWords(record, language, answer.Marks) <= words;

    /// <summary>The words <see cref="Finish"/> adds to an answer: the check line, the online service and the source line.</summary>
    private int FooterWords(ProcedureRecord record, RecordLanguage language, Marks marks)
    {
        var footer = new StringBuilder();
        if (marks.Any)
        {
            footer.Append(_templates.Format(language, "unofficial_check", ("administration", record.Administration.Get(language)))).Append('\n');
        }

        if (record.OnlineService is { } service)
        {
            footer.Append(_templates.Get(language, "online")).Append(": ").Append(service.Url).Append('\n');
        }

        return Words(footer.Append(SourceLine(Cite(record), language)).ToString());
    }

    /// <summary>Only the part asked for ("bch7al?", "fin?"), with the title and the source line.</summary>
    public Reply ComposePart(ProcedureRecord record, string replyLanguage, AnswerPart part) =>
        Composed(record, replyLanguage, (int)part, static (composer, record, replyLanguage, part) => composer.ComposePartOnce(record, replyLanguage, (AnswerPart)part));

    private Reply ComposePartOnce(ProcedureRecord record, string replyLanguage, AnswerPart part)
    {
        var language = ReplyLanguages.ToRecordLanguage(replyLanguage);
        var block = record.Block(language);
        var marks = new Marks();
        var text = new StringBuilder().Append(block.Title).Append('\n');
        var online = false;
        switch (part)
        {
            case AnswerPart.Fees:
                text.Append(FeesLine(record, language, marks)).Append('\n');
                break;
            case AnswerPart.Documents when block.Documents.Count > 0:
                AppendDocuments(text, record, language, block, marks);
                break;
            case AnswerPart.Documents:
                text.Append(_templates.Get(language, "documents_unknown")).Append('\n');
                break;
            case AnswerPart.Where:
                AppendSourcedOrUnknown(text, record, language, "where", record.WhereToApply, marks);
                online = true;
                break;
            case AnswerPart.Delay:
                AppendSourcedOrUnknown(text, record, language, "delay", record.Delay, marks);
                break;
            case AnswerPart.Validity:
                AppendSourcedOrUnknown(text, record, language, "validity", record.Validity, marks);
                break;
            case AnswerPart.Online:
                text.Append(record.OnlineService is { } service
                    ? _templates.Get(language, "online") + ": " + service.Name.Get(language) + " — " + service.Url
                    : _templates.Get(language, "online_unknown")).Append('\n');
                break;
            case AnswerPart.Steps:
                AppendSteps(text, record, language, block, marks);
                AppendCalendar(text, record, language, marks);
                break;
            case AnswerPart.Source:
                AppendSources(text, record, language);
                break;
        }

        return Finish(text, record, language, replyLanguage, marks, online, DetailActions(record, language, part));
    }

    /// <summary>One step of the procedure, for "next step" guidance; null when there is no such step.</summary>
    public Reply? ComposeStep(ProcedureRecord record, string replyLanguage, int index)
    {
        ArgumentNullException.ThrowIfNull(record);
        var steps = record.Block(ReplyLanguages.ToRecordLanguage(replyLanguage)).Steps;
        return index < 0 || index >= steps.Count
            ? null
            : Composed(record, replyLanguage, FirstStep + index, static (composer, record, replyLanguage, part) => composer.ComposeStepOnce(record, replyLanguage, part - FirstStep));
    }

    private Reply ComposeStepOnce(ProcedureRecord record, string replyLanguage, int index)
    {
        var language = ReplyLanguages.ToRecordLanguage(replyLanguage);
        var steps = record.Block(language).Steps;

        var text = _templates.Format(
            language,
            "step",
            ("n", (index + 1).ToString(CultureInfo.InvariantCulture)),
            ("total", steps.Count.ToString(CultureInfo.InvariantCulture)),
            ("text", steps[index]));
        if (index == 0)
        {
            // The first step carries what the whole list rests on, and the dates to plan by.
            if (Mark(record, language, record.StepsSource) is { } mark)
            {
                text += " (" + mark + ")";
            }

            var calendar = new StringBuilder();
            AppendCalendar(calendar, record, language, new Marks());
            if (calendar.Length > 0)
            {
                text += "\n" + calendar.ToString().TrimEnd('\n');
            }
        }

        if (index == steps.Count - 1)
        {
            text += "\n" + _templates.Get(language, "last_step");
            if (record.OnlineService is { } online)
            {
                text += "\n" + _templates.Get(language, "online") + ": " + online.Url;
            }
        }

        IReadOnlyList<SuggestedAction> actions = index < steps.Count - 1
            ? [new SuggestedAction(_templates.Get(language, "btn_next"), _templates.Get(language, "btn_next"))]
            : DetailActions(record, language, AnswerPart.Steps);
        return new Reply(text, replyLanguage, ReplyKind.Answer, actions, Cite(record), record.Id);
    }

    /// <summary>
    /// Buttons under an answer: the details not shown yet (documents, the steps one at a time, where, delay, the full
    /// sources), then feedback named in words as well as 👍/👎 so that a screen reader can say them.
    /// </summary>
    private List<SuggestedAction> DetailActions(ProcedureRecord record, RecordLanguage language, AnswerPart? shown)
    {
        var block = record.Block(language);
        var actions = new List<SuggestedAction>(7);
        if (block.Documents.Count > 0 && shown != AnswerPart.Documents)
        {
            actions.Add(Detail(language, "btn_documents"));
        }

        if (block.Steps.Count > 0 && shown != AnswerPart.Steps)
        {
            // The steps come one at a time: the button sends "next step", which starts at the first.
            actions.Add(new SuggestedAction(_templates.Get(language, "btn_steps"), _templates.Get(language, "btn_next")));
        }

        if (record.WhereToApply is not null && shown != AnswerPart.Where)
        {
            actions.Add(Detail(language, "btn_where"));
        }

        if (record.Delay is not null && shown != AnswerPart.Delay)
        {
            actions.Add(Detail(language, "btn_delay"));
        }

        if (shown != AnswerPart.Source)
        {
            actions.Add(Detail(language, "btn_source"));
        }

        actions.Add(new SuggestedAction(_templates.Get(language, "btn_useful"), "👍"));
        actions.Add(new SuggestedAction(_templates.Get(language, "btn_not_useful"), "👎"));
        return actions;
    }

    private SuggestedAction Detail(RecordLanguage language, string key) => new(_templates.Get(language, key), _templates.Get(language, key));

    /// <summary>
    /// The detail a pressed button (or its words typed) asks for, in any language; null for other texts. The steps
    /// button (<see cref="AnswerPart.Steps"/>) means the steps one at a time, starting with the next one.
    /// </summary>
    public AnswerPart? DetailPart(string text)
    {
        var pressed = text.Trim().TrimEnd('?', '؟', ' ');
        foreach (var language in Enum.GetValues<RecordLanguage>())
        {
            foreach (var (key, part) in DetailButtons)
            {
                if (string.Equals(_templates.Get(language, key), pressed, StringComparison.OrdinalIgnoreCase))
                {
                    return part;
                }
            }
        }

        return null;
    }

    private static readonly (string Key, AnswerPart Part)[] DetailButtons =
        [("btn_fees", AnswerPart.Fees), ("btn_steps", AnswerPart.Steps), ("btn_documents", AnswerPart.Documents), ("btn_where", AnswerPart.Where), ("btn_delay", AnswerPart.Delay), ("btn_source", AnswerPart.Source)];

    /// <summary>
    /// The end of an answer: "check with the administration" when a fact was marked unofficial, then the online
    /// service (the official link first), then the source line.
    /// </summary>
    private Reply Finish(
        StringBuilder text, ProcedureRecord record, RecordLanguage language, string replyLanguage, Marks marks, bool online, IReadOnlyList<SuggestedAction> actions)
    {
        if (marks.Any)
        {
            text.Append(_templates.Format(language, "unofficial_check", ("administration", record.Administration.Get(language)))).Append('\n');
        }

        var citation = Cite(record);
        text.Append('\n');
        if (online && record.OnlineService is { } service)
        {
            text.Append(_templates.Get(language, "online")).Append(": ").Append(service.Url).Append('\n');
        }

        text.Append(SourceLine(citation, language));
        return new Reply(text.ToString(), replyLanguage, ReplyKind.Answer, actions, citation, record.Id);
    }

    /// <summary>The source line under an answer, in the reply language.</summary>
    public string SourceLine(Citation citation, string replyLanguage) => SourceLine(citation, ReplyLanguages.ToRecordLanguage(replyLanguage));

    /// <summary>
    /// The short, honest source line: "Source : passeport.ma (officiel, 2024)" — the site, its kind and the year it was
    /// published. The full titles and addresses come with the sources button (<see cref="AnswerPart.Source"/>).
    /// </summary>
    private string SourceLine(Citation citation, RecordLanguage language) =>
        _templates.Format(
            language,
            "source",
            ("title", string.IsNullOrEmpty(citation.Url) ? citation.Title : SiteName(citation.Url)),
            ("kind", Kind(citation.Kind, language)),
            ("date", string.IsNullOrEmpty(citation.Published) ? _templates.Get(language, "date_unknown") : citation.Published[..Math.Min(4, citation.Published.Length)]));

    private string Kind(string kind, RecordLanguage language) =>
        kind is SourceKinds.Official or SourceKinds.Press or SourceKinds.Guide
            ? _templates.Get(language, "kind_" + kind)
            : _templates.Get(language, "kind_guide");

    /// <summary>
    /// Every source of the record with its kind, date and address. Page titles are in the page's own language (mostly
    /// French), so an Arabic-script or Arabizi reply names the site instead of quoting a French title.
    /// </summary>
    private void AppendSources(StringBuilder text, ProcedureRecord record, RecordLanguage language)
    {
        text.Append(_templates.Get(language, "sources")).Append(":\n");
        var siteOnly = language is RecordLanguage.Ar or RecordLanguage.Ary or RecordLanguage.AryLatn;
        foreach (var source in record.Sources)
        {
            text.Append("- ").Append(_templates.Format(
                language,
                "source_item",
                ("title", siteOnly ? SiteName(source.Url) : source.Title),
                ("kind", Kind(source.Kind, language)),
                ("date", string.IsNullOrEmpty(source.Published) ? _templates.Get(language, "date_unknown") : source.Published),
                ("url", source.Url))).Append('\n');
        }
    }

    /// <summary>The site of an address, without "www." (cnss.ma).</summary>
    public static string SiteName(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
            ? (uri.Host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? uri.Host[4..] : uri.Host).TrimEnd('.')
            : url;

    private void AppendSteps(StringBuilder text, ProcedureRecord record, RecordLanguage language, LanguageBlock block, Marks marks)
    {
        text.Append(_templates.Get(language, "steps")).Append(Marked(record, language, record.StepsSource, marks)).Append(":\n");
        for (var i = 0; i < block.Steps.Count; i++)
        {
            text.Append(i + 1).Append(". ").Append(block.Steps[i]).Append('\n');
        }
    }

    private void AppendDocuments(StringBuilder text, ProcedureRecord record, RecordLanguage language, LanguageBlock block, Marks marks)
    {
        text.Append(_templates.Get(language, "documents")).Append(Marked(record, language, record.DocumentsSource, marks)).Append(":\n");
        foreach (var document in block.Documents)
        {
            text.Append("- ").Append(document).Append('\n');
        }
    }

    /// <summary>The record's dated facts that still hold; one "they change every year" line for those that have passed.</summary>
    private void AppendCalendar(StringBuilder text, ProcedureRecord record, RecordLanguage language, Marks marks)
    {
        var today = Today;
        var expired = false;
        foreach (var fact in record.Calendar)
        {
            if (fact.IsExpired(today))
            {
                expired = true;
                continue;
            }

            text.Append(_templates.Get(language, "calendar")).Append(": ").Append(fact.Text.Get(language))
                .Append(Marked(record, language, [fact.Source], marks)).Append('\n');
        }

        if (expired)
        {
            text.Append(_templates.Format(language, "calendar_expired", ("where", CheckWith(record, language)))).Append('\n');
        }
    }

    private void AppendSourcedOrUnknown(StringBuilder text, ProcedureRecord record, RecordLanguage language, string key, SourcedText? fact, Marks marks)
    {
        if (fact is null)
        {
            text.Append(_templates.Get(language, key + "_unknown")).Append('\n');
        }
        else
        {
            AppendSourced(text, record, language, key, fact, marks);
        }
    }

    private void AppendSourced(StringBuilder text, ProcedureRecord record, RecordLanguage language, string key, SourcedText? fact, Marks marks)
    {
        if (fact is null)
        {
            return;
        }

        text.Append(_templates.Get(language, key)).Append(": ");
        if (fact.IsExpired(Today))
        {
            text.Append(_templates.Format(language, "fact_expired", ("where", CheckWith(record, language)))).Append('\n');
            return;
        }

        text.Append(fact.Text.Get(language)).Append(Upcoming(fact, language)).Append(Marked(record, language, [fact.Source], marks)).Append('\n');
    }

    /// <summary>
    /// The dated facts, fees, delay and place as the full answer gives them (marked, expired ones replaced), with the
    /// "check with the administration" line when one was marked: what an LLM wording may use.
    /// </summary>
    public string FactLines(ProcedureRecord record, RecordLanguage language)
    {
        ArgumentNullException.ThrowIfNull(record);
        var marks = new Marks();
        var text = new StringBuilder();
        AppendCalendar(text, record, language, marks);
        text.Append(FeesLine(record, language, marks)).Append('\n');
        AppendSourced(text, record, language, "delay", record.Delay, marks);
        AppendSourced(text, record, language, "where", record.WhereToApply, marks);
        if (marks.Any)
        {
            text.Append(_templates.Format(language, "unofficial_check", ("administration", record.Administration.Get(language)))).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The fees line: every sourced amount with its condition, or an honest "no verified information".</summary>
    public string FeesLine(ProcedureRecord record, RecordLanguage language) => FeesLine(record, language, new Marks());

    // maxItems: how many amounts to give; " ; …" says that more follow.
    private string FeesLine(ProcedureRecord record, RecordLanguage language, Marks marks, int maxItems = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Fees.Count == 0)
        {
            return _templates.Get(language, "fees_unknown");
        }

        var today = Today;
        var current = record.Fees.Where(f => !f.IsExpired(today)).ToList();
        var expired = current.Count < record.Fees.Count
            ? _templates.Format(language, "fees_expired", ("where", CheckWith(record, language)))
            : null;
        if (current.Count == 0)
        {
            return _templates.Get(language, "fees") + ": " + expired;
        }

        // One mark for the whole line when every amount rests on the same kind of third party; else a mark per amount.
        var lineMark = current.Select(f => Mark(record, language, [f.Source])).Distinct(StringComparer.Ordinal).ToList() is [{ } only]
            ? only
            : null;
        var items = current.Select(fee =>
        {
            // "Free" alone is enough for a free procedure; among several amounts it needs its condition.
            var item = fee.AmountMad == 0
                ? _templates.Get(language, "fee_free") + (record.Fees.Count > 1 ? " (" + fee.Condition.Get(language) + ")" : "")
                : _templates.Format(
                    language,
                    "fee_item",
                    ("amount", fee.AmountMad.ToString("0.##", CultureInfo.InvariantCulture)),
                    ("condition", fee.Condition.Get(language)));
            return item + Upcoming(fee, language) + (lineMark is null ? Marked(record, language, [fee.Source], marks) : "");
        });
        var line = _templates.Get(language, "fees") + ": " + string.Join(" ; ", items.Take(maxItems)) + (current.Count > maxItems ? " ; …" : "");
        if (lineMark is not null)
        {
            marks.Add();
            line += " (" + lineMark + ")";
        }

        return expired is null ? line : line + " ; " + expired;
    }

    /// <summary>" (from 2027-01-01)" for a fact that has not started yet.</summary>
    private string Upcoming(ITimeBound fact, RecordLanguage language) =>
        fact.IsUpcoming(Today) ? " (" + _templates.Format(language, "upcoming", ("date", fact.ValidFrom!)) + ")" : "";

    /// <summary>Where to check a fact: the administration, and the online service when there is one.</summary>
    private static string CheckWith(ProcedureRecord record, RecordLanguage language) =>
        record.Administration.Get(language) + (record.OnlineService is { } online ? ", " + online.Url : "");

    /// <summary>" (according to the press, 2015)" when every source of a fact is third-party, else "".</summary>
    private string Marked(ProcedureRecord record, RecordLanguage language, IEnumerable<string> sourceIds, Marks marks)
    {
        var mark = Mark(record, language, sourceIds);
        if (mark is null)
        {
            return "";
        }

        marks.Add();
        return " (" + mark + ")";
    }

    /// <summary>
    /// "according to the press, 2015" / "according to an unofficial guide" for a fact resting only on third parties
    /// (press when one of them is press; the year of the latest dated one); null when an official source backs it.
    /// </summary>
    public string? Mark(ProcedureRecord record, RecordLanguage language, IEnumerable<string> sourceIds)
    {
        ArgumentNullException.ThrowIfNull(record);
        var ids = sourceIds.ToList();
        if (!record.ThirdPartyOnly(ids))
        {
            return null;
        }

        var sources = ids.Select(record.FindSource).OfType<Source>().ToList();
        var key = sources.Any(s => s.Kind == SourceKinds.Press) ? "from_press" : "from_guide";
        var year = sources.Select(s => s.Published).OfType<string>().Where(p => p.Length >= 4).Select(p => p[..4]).Max(StringComparer.Ordinal);
        return year is null ? _templates.Get(language, key) : _templates.Format(language, key + "_dated", ("year", year));
    }

    /// <summary>A fixed message (greeting, help, out of scope...) with optional buttons.</summary>
    public Reply Message(string key, string replyLanguage, ReplyKind kind, IReadOnlyList<SuggestedAction>? actions = null) =>
        new(_templates.Get(ReplyLanguages.ToRecordLanguage(replyLanguage), key), replyLanguage, kind, actions ?? []);

    /// <summary>
    /// "Which one?" with one button per candidate: the record's short variant label when all are variants of one
    /// document ("First time", "Renewal"), else its title, so that two documents never show the same label.
    /// </summary>
    public Reply Clarify(IReadOnlyList<ProcedureRecord> choices, string replyLanguage)
    {
        var language = ReplyLanguages.ToRecordLanguage(replyLanguage);
        var oneDocument = choices.Select(r => r.Variant.Group).Distinct(StringComparer.Ordinal).Count() == 1
            && choices.Select(r => r.Variant.Label.Get(language)).Distinct(StringComparer.Ordinal).Count() == choices.Count;
        var actions = choices
            .Select(r => new SuggestedAction(oneDocument ? r.Variant.Label.Get(language) : r.Block(language).Title, r.Block(language).Title, r.Id))
            .ToList();
        return new Reply(_templates.Get(language, "clarify"), replyLanguage, ReplyKind.Clarify, actions);
    }

    /// <summary>
    /// The source shown under an answer: an official source first (the one behind the most facts of the record),
    /// else the third-party source behind the most facts; ties go to the order of the record's list.
    /// </summary>
    public static Citation Cite(ProcedureRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var uses = FactSources(record).GroupBy(id => id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var source = record.Sources
            .Select((s, index) => (Source: s, Index: index))
            .OrderByDescending(s => s.Source.Kind == SourceKinds.Official)
            .ThenByDescending(s => uses.GetValueOrDefault(s.Source.Id))
            .ThenBy(s => s.Index)
            .Select(s => s.Source)
            .FirstOrDefault();
        return source is null
            ? new Citation(record.Id, "", record.LastReviewed)
            : new Citation(source.Title, source.Url, record.LastReviewed, source.Kind, source.Published);
    }

    /// <summary>The source ids named by the record's facts, once per fact.</summary>
    private static IEnumerable<string> FactSources(ProcedureRecord record)
    {
        foreach (var fact in new[] { record.Delay?.Source, record.Validity?.Source, record.WhereToApply?.Source, record.OnlineService?.Source, record.Contact?.Source })
        {
            if (fact is not null)
            {
                yield return fact;
            }
        }

        foreach (var id in record.Fees.Select(f => f.Source)
                     .Concat(record.LegalBasis.Select(l => l.Source))
                     .Concat(record.Calendar.Select(c => c.Source))
                     .Concat(record.StepsSource)
                     .Concat(record.DocumentsSource))
        {
            yield return id;
        }
    }

    /// <summary>Whether a reply marked a fact as unofficial (then it says where to check).</summary>
    private sealed class Marks
    {
        public bool Any { get; private set; }

        public void Add() => Any = true;
    }
}
