using System.Globalization;
using System.Text;
using MarocAssistant.Retrieval.Corpus;

namespace MarocAssistant.Composition.Answers;

/// <summary>
/// Renders answers and fixed messages from the record and the editable templates. No model, no network:
/// every fact printed is a field of the record, so nothing can be invented here.
/// </summary>
public sealed class TemplateAnswerComposer : IAnswerComposer
{
    private readonly TemplateSet _templates;

    public TemplateAnswerComposer(TemplateSet templates)
    {
        _templates = templates;
    }

    public TemplateSet Templates => _templates;

    public ValueTask<Reply> ComposeAnswerAsync(ProcedureRecord record, string replyLanguage, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(ComposeAnswer(record, replyLanguage));

    public Reply ComposeAnswer(ProcedureRecord record, string replyLanguage)
    {
        var language = ReplyLanguages.ToRecordLanguage(replyLanguage);
        var block = record.Block(language);
        var text = new StringBuilder();
        text.Append(block.Title).Append('\n').Append(block.Summary).Append('\n');

        if (block.Steps.Count > 0)
        {
            text.Append('\n').Append(_templates.Get(language, "steps")).Append(":\n");
            for (var i = 0; i < block.Steps.Count; i++)
            {
                text.Append(i + 1).Append(". ").Append(block.Steps[i]).Append('\n');
            }
        }

        if (block.Documents.Count > 0)
        {
            text.Append('\n').Append(_templates.Get(language, "documents")).Append(":\n");
            foreach (var document in block.Documents)
            {
                text.Append("- ").Append(document).Append('\n');
            }
        }

        text.Append('\n').Append(FeesLine(record, language)).Append('\n');
        AppendSourced(text, language, "delay", record.Delay);
        AppendSourced(text, language, "where", record.WhereToApply);
        if (record.OnlineService is { } online)
        {
            text.Append(_templates.Get(language, "online")).Append(": ").Append(online.Url).Append('\n');
        }

        var citation = Cite(record);
        text.Append('\n').Append(SourceLine(citation, language));
        return new Reply(text.ToString(), replyLanguage, ReplyKind.Answer, AnswerActions(record, language), citation, record.Id);
    }

    /// <summary>Only the part asked for ("bch7al?", "fin?"), with the title and the source line.</summary>
    public Reply ComposePart(ProcedureRecord record, string replyLanguage, AnswerPart part)
    {
        var language = ReplyLanguages.ToRecordLanguage(replyLanguage);
        var block = record.Block(language);
        var text = new StringBuilder().Append(block.Title).Append('\n');
        switch (part)
        {
            case AnswerPart.Fees:
                text.Append(FeesLine(record, language)).Append('\n');
                break;
            case AnswerPart.Documents when block.Documents.Count > 0:
                text.Append(_templates.Get(language, "documents")).Append(":\n");
                foreach (var document in block.Documents)
                {
                    text.Append("- ").Append(document).Append('\n');
                }

                break;
            case AnswerPart.Documents:
                text.Append(_templates.Get(language, "documents_unknown")).Append('\n');
                break;
            case AnswerPart.Where:
                AppendSourcedOrUnknown(text, language, "where", record.WhereToApply);
                if (record.OnlineService is { } service)
                {
                    text.Append(_templates.Get(language, "online")).Append(": ").Append(service.Url).Append('\n');
                }

                break;
            case AnswerPart.Delay:
                AppendSourcedOrUnknown(text, language, "delay", record.Delay);
                break;
            case AnswerPart.Validity:
                AppendSourcedOrUnknown(text, language, "validity", record.Validity);
                break;
            case AnswerPart.Online:
                text.Append(record.OnlineService is { } online
                    ? _templates.Get(language, "online") + ": " + online.Name + " — " + online.Url
                    : _templates.Get(language, "online_unknown")).Append('\n');
                break;
            case AnswerPart.Steps:
                text.Append(_templates.Get(language, "steps")).Append(":\n");
                for (var i = 0; i < block.Steps.Count; i++)
                {
                    text.Append(i + 1).Append(". ").Append(block.Steps[i]).Append('\n');
                }

                break;
        }

        var citation = Cite(record);
        text.Append('\n').Append(SourceLine(citation, language));
        return new Reply(text.ToString(), replyLanguage, ReplyKind.Answer, AnswerActions(record, language), citation, record.Id);
    }

    /// <summary>One step of the procedure, for "next step" guidance; null when there is no such step.</summary>
    public Reply? ComposeStep(ProcedureRecord record, string replyLanguage, int index)
    {
        var language = ReplyLanguages.ToRecordLanguage(replyLanguage);
        var steps = record.Block(language).Steps;
        if (index < 0 || index >= steps.Count)
        {
            return null;
        }

        var text = _templates.Format(
            language,
            "step",
            ("n", (index + 1).ToString(CultureInfo.InvariantCulture)),
            ("total", steps.Count.ToString(CultureInfo.InvariantCulture)),
            ("text", steps[index]));
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
            : FeedbackActions;
        return new Reply(text, replyLanguage, ReplyKind.Answer, actions, Cite(record), record.Id);
    }

    /// <summary>Buttons under an answer: the next step when there are steps, and 👍/👎 feedback.</summary>
    private List<SuggestedAction> AnswerActions(ProcedureRecord record, RecordLanguage language)
    {
        var actions = new List<SuggestedAction>(3);
        if (record.Block(language).Steps.Count > 0)
        {
            var next = _templates.Get(language, "btn_next");
            actions.Add(new SuggestedAction(next, next));
        }

        actions.AddRange(FeedbackActions);
        return actions;
    }

    private static readonly SuggestedAction[] FeedbackActions = [new("👍", "👍"), new("👎", "👎")];

    /// <summary>The source line under an answer, in the reply language.</summary>
    public string SourceLine(Citation citation, string replyLanguage) => SourceLine(citation, ReplyLanguages.ToRecordLanguage(replyLanguage));

    private string SourceLine(Citation citation, RecordLanguage language) =>
        _templates.Format(language, "source", ("title", citation.Title + " (" + citation.Url + ")"), ("date", citation.LastReviewed));

    private void AppendSourcedOrUnknown(StringBuilder text, RecordLanguage language, string key, SourcedText? fact)
    {
        if (fact is null)
        {
            text.Append(_templates.Get(language, key + "_unknown")).Append('\n');
        }
        else
        {
            AppendSourced(text, language, key, fact);
        }
    }

    /// <summary>The fees line: every sourced amount with its condition, or an honest "no verified information".</summary>
    public string FeesLine(ProcedureRecord record, RecordLanguage language)
    {
        if (record.Fees.Count == 0)
        {
            return _templates.Get(language, "fees_unknown");
        }

        var items = record.Fees.Select(fee => fee.AmountMad == 0
            ? _templates.Get(language, "fee_free")
            : _templates.Format(
                language,
                "fee_item",
                ("amount", fee.AmountMad.ToString("0.##", CultureInfo.InvariantCulture)),
                ("condition", fee.Condition.Get(language))));
        return _templates.Get(language, "fees") + ": " + string.Join(" ; ", items);
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

    /// <summary>The source shown under an answer: the page behind the online service, else the first official source, else the first.</summary>
    public static Citation Cite(ProcedureRecord record)
    {
        var source = (record.OnlineService is { } online ? record.FindSource(online.Source) : null)
            ?? record.Sources.Find(s => s.Kind == "official")
            ?? record.Sources.FirstOrDefault();
        return source is null
            ? new Citation(record.Id, "", record.LastReviewed)
            : new Citation(source.Title, source.Url, record.LastReviewed);
    }

    private void AppendSourced(StringBuilder text, RecordLanguage language, string key, SourcedText? fact)
    {
        if (fact is not null)
        {
            text.Append(_templates.Get(language, key)).Append(": ").Append(fact.Text.Get(language)).Append('\n');
        }
    }
}
