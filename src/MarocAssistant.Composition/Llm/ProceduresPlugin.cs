using System.ComponentModel;
using MarocAssistant.Composition.Answers;
using MarocAssistant.Retrieval.Corpus;
using MarocAssistant.Retrieval.Search;
using Microsoft.SemanticKernel;

namespace MarocAssistant.Composition.Llm;

/// <summary>
/// The procedures as a kernel plugin, so that a model with function calling can look things up: search the corpus
/// (the same hybrid search as the turn pipeline) and read one record's facts. Read-only; what the model then writes is
/// still checked against the answer's own record by the <see cref="FactGuardFilter"/>.
/// </summary>
public sealed class ProceduresPlugin
{
    public const string PluginName = "procedures";

    private readonly IProcedureSearch _search;
    private readonly ProcedureCorpus _corpus;
    private readonly TemplateAnswerComposer _templates;

    public ProceduresPlugin(IProcedureSearch search, ProcedureCorpus corpus, TemplateAnswerComposer templates)
    {
        _search = search;
        _corpus = corpus;
        _templates = templates;
    }

    [KernelFunction("search_procedures")]
    [Description("Finds the Moroccan administrative procedures a question is about, best first.")]
    public async Task<IReadOnlyList<ProcedureHit>> SearchProceduresAsync(
        [Description("The question, in the citizen's words.")] string query,
        [Description("The language to give titles in: ary-Latn, ary-Arab, arb, fr or en.")] string language = "fr",
        CancellationToken cancellationToken = default)
    {
        var result = await _search.SearchAsync(new SearchQuery(query, language), cancellationToken);
        var recordLanguage = ReplyLanguages.ToRecordLanguage(language);
        return [.. result.Candidates
            .Select(c => (Candidate: c, Record: _corpus.Find(c.ProcedureId)))
            .Where(c => c.Record is not null)
            .Select(c => new ProcedureHit(c.Candidate.ProcedureId, c.Record!.Block(recordLanguage).Title, Math.Round(c.Candidate.Score, 4)))];
    }

    [KernelFunction("get_procedure")]
    [Description("The facts of one procedure (steps, documents, fees, delay, where to apply, online service), by its id.")]
    public string GetProcedure(
        [Description("The procedure id, as search_procedures gives it.")] string id,
        [Description("The language to give the facts in: ary-Latn, ary-Arab, arb, fr or en.")] string language = "fr") =>
        _corpus.Find(id) is { } record
            ? "Id: " + record.Id + "\n" + AnswerWording.RecordFacts(record, language, _templates)
            : "No procedure has the id " + id + ".";
}

/// <summary>One procedure found by <c>search_procedures</c>.</summary>
/// <param name="Id">The id to pass to <c>get_procedure</c>.</param>
/// <param name="Title">The title in the language asked for.</param>
/// <param name="Score">The search score; comparable only within one search.</param>
public sealed record ProcedureHit(string Id, string Title, double Score);
