using MarocAssistant.Retrieval;
using MarocAssistant.Retrieval.Corpus;
using MarocAssistant.Training.Evaluation;
using MarocAssistant.Retrieval.Search;
using Xunit;

namespace MarocAssistant.Training.Tests.Evaluation;

public sealed class RetrievalEvaluatorTests
{
    [Fact]
    public async Task EvaluateAsync_KnownRanks_ScoresHitsMrrAndRefusals()
    {
        var search = new FixedSearch(new Dictionary<string, (string[] Ranked, double Confidence)>
        {
            ["q1"] = (["a", "b"], 0.9),
            ["q2"] = (["b", "a", "c"], 0.2),
            ["q3"] = (["c", "d", "e", "a"], 0.9),
            ["oos"] = (["a"], 0.1),
        });
        LabeledQuestion[] questions =
        [
            new("a", "fr", "q1"),
            new("a", "fr", "q2"),
            new("a", "ary-Latn", "q3"),
            new(null, "en", "oos"),
        ];

        var report = await RetrievalEvaluator.EvaluateAsync(search, questions, new RetrievalOptions(), TestContext.Current.CancellationToken);

        Assert.Equal(1 / 3.0, report.Overall.Hit1, 6);
        Assert.Equal(2 / 3.0, report.Overall.Hit3, 6);
        Assert.Equal((1 + 0.5 + 0.25) / 3, report.Overall.Mrr, 6);
        Assert.Equal(1.0, report.OutOfScopeRefused);
        Assert.Equal(["ary-Latn", "fr"], report.Languages.Select(l => l.Language));
        Assert.EndsWith("hit@3: 0.667", report.Format(listMisses: true), StringComparison.Ordinal);
    }

    [Fact]
    public void LoadEvaluation_SharedDevFile_ReadsOutOfScopeRows()
    {
        var path = Path.Combine(Path.GetTempPath(), $"eval-{Guid.NewGuid():N}.tsv");
        File.WriteAllText(path, "cnie-first\tfr\tMa carte ?\nout-of-scope\ten\tJoke please\n\n");
        try
        {
            var questions = QuestionFiles.LoadEvaluation(path);

            Assert.Equal(2, questions.Count);
            Assert.True(questions[1].IsOutOfScope);
            Assert.Equal("cnie-first", questions[0].ProcedureId);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private sealed class FixedSearch(Dictionary<string, (string[] Ranked, double Confidence)> answers) : IProcedureSearch
    {
        public ValueTask<SearchResult> SearchAsync(SearchQuery query, CancellationToken cancellationToken = default)
        {
            var (ranked, confidence) = answers[query.Text];
            return ValueTask.FromResult(new SearchResult(ranked.Select((id, i) => new ScoredProcedure(id, 10 - i)).ToList(), confidence) { ChoiceConfidence = confidence });
        }
    }
}
