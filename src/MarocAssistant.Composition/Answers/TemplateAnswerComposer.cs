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
        text.Append('\n').Append(_templates.Format(language, "source", ("title", citation.Title + " (" + citation.Url + ")"), ("date", citation.LastReviewed)));
        return new Reply(text.ToString(), replyLanguage, ReplyKind.Answer, [], citation, record.Id);
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

    /// <summary>"Which one?" with one button per candidate, labelled by the record's short variant label.</summary>
    public Reply Clarify(IReadOnlyList<ProcedureRecord> choices, string replyLanguage)
    {
        var language = ReplyLanguages.ToRecordLanguage(replyLanguage);
        var actions = choices
            .Select(r => new SuggestedAction(r.Variant.Label.Get(language), r.Block(language).Title))
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
