using System.Diagnostics;
using System.Globalization;
using System.Text;
using MarocAssistant.Retrieval;
using MarocAssistant.Retrieval.Corpus;
using MarocAssistant.Retrieval.Search;

namespace MarocAssistant.Training.Evaluation;

/// <summary>Ranking quality for one language (or all).</summary>
public sealed record RankingScore(string Language, int Count, double Hit1, double Hit3, double Mrr);

/// <summary>One evaluated question.</summary>
public sealed record EvaluatedQuestion(LabeledQuestion Question, IReadOnlyList<string> Ranked, double Confidence, RetrievalDecision Decision, double Micros);

/// <summary>The report of <c>maroc eval retrieval</c>.</summary>
public sealed record RetrievalEvaluation(
    IReadOnlyList<RankingScore> Languages,
    RankingScore Overall,
    int OutOfScopeCount,
    double OutOfScopeRefused,
    double InScopeAnswered,
    double InScopeAnsweredRight,
    double InScopeAsked,
    double InScopeRefused,
    double LatencyP50Micros,
    double LatencyP95Micros,
    IReadOnlyList<EvaluatedQuestion> Questions)
{
    /// <summary>The text report; its last line is <c>hit@3: &lt;value&gt;</c>.</summary>
    public string Format(bool listMisses)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"{"language",-10} {"n",5} {"hit@1",7} {"hit@3",7} {"MRR",7}");
        foreach (var score in Languages.Append(Overall))
        {
            text.AppendLine(c, $"{score.Language,-10} {score.Count,5} {score.Hit1,7:0.000} {score.Hit3,7:0.000} {score.Mrr,7:0.000}");
        }

        text.AppendLine(c, $"out-of-scope: {OutOfScopeCount} questions, refused {OutOfScopeRefused:0.000}");
        text.AppendLine(c, $"in-scope decisions: answered {InScopeAnswered:0.000} (right {InScopeAnsweredRight:0.000}), asked which one {InScopeAsked:0.000}, refused {InScopeRefused:0.000}");
        text.AppendLine(c, $"latency: p50 {LatencyP50Micros:0} µs, p95 {LatencyP95Micros:0} µs (after warm-up, one thread)");
        if (listMisses)
        {
            foreach (var q in Questions)
            {
                var expected = q.Question.ProcedureId ?? LabeledQuestion.OutOfScopeId;
                var top = q.Ranked.Count > 0 ? q.Ranked[0] : "-";
                var wrong = q.Question.IsOutOfScope ? q.Decision != RetrievalDecision.OutOfScope : top != expected;
                if (wrong)
                {
                    text.AppendLine(c, $"miss\t{expected}\t{q.Question.Language}\t{q.Question.Text}\t→ {string.Join(", ", q.Ranked.Take(3))} ({q.Decision}, {q.Confidence:0.00})");
                }
            }
        }

        text.Append(c, $"hit@3: {Overall.Hit3:0.000}");
        return text.ToString();
    }
}

/// <summary>Runs labelled questions through a search and scores ranking, decisions and latency.</summary>
public static class RetrievalEvaluator
{
    public static async Task<RetrievalEvaluation> EvaluateAsync(
        IProcedureSearch search,
        IReadOnlyList<LabeledQuestion> questions,
        RetrievalOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(search);
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(options);

        // Warm up so that the first questions do not pay for JIT and ORT session initialisation.
        foreach (var question in questions.Take(20))
        {
            await search.SearchAsync(new SearchQuery(question.Text, question.Language, 10), cancellationToken);
        }

        var evaluated = new List<EvaluatedQuestion>(questions.Count);
        foreach (var question in questions)
        {
            var watch = Stopwatch.StartNew();
            var result = await search.SearchAsync(new SearchQuery(question.Text, question.Language, 10), cancellationToken);
            var micros = watch.Elapsed.TotalMicroseconds;
            evaluated.Add(new EvaluatedQuestion(question, result.Candidates.Select(c => c.ProcedureId).ToList(), result.Confidence, result.Decide(options), micros));
        }

        var inScope = evaluated.Where(e => !e.Question.IsOutOfScope).ToList();
        var languages = inScope.GroupBy(e => e.Question.Language).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Score(g.Key, g.ToList())).ToList();
        var outOfScope = evaluated.Where(e => e.Question.IsOutOfScope).ToList();
        var latencies = evaluated.Select(e => e.Micros).Order().ToList();
        double Rate(Func<EvaluatedQuestion, bool> predicate, IReadOnlyCollection<EvaluatedQuestion> set) => set.Count == 0 ? 0 : (double)set.Count(predicate) / set.Count;
        return new RetrievalEvaluation(
            languages,
            Score("all", inScope),
            outOfScope.Count,
            Rate(e => e.Decision == RetrievalDecision.OutOfScope, outOfScope),
            Rate(e => e.Decision == RetrievalDecision.Answer, inScope),
            Rate(e => e.Decision == RetrievalDecision.Answer && e.Ranked.Count > 0 && e.Ranked[0] == e.Question.ProcedureId, inScope),
            Rate(e => e.Decision == RetrievalDecision.AskWhichOne, inScope),
            Rate(e => e.Decision == RetrievalDecision.OutOfScope, inScope),
            Percentile(latencies, 0.5),
            Percentile(latencies, 0.95),
            evaluated);
    }

    private static RankingScore Score(string language, List<EvaluatedQuestion> set)
    {
        if (set.Count == 0)
        {
            return new RankingScore(language, 0, 0, 0, 0);
        }

        double hit1 = 0, hit3 = 0, mrr = 0;
        foreach (var e in set)
        {
            var rank = e.Ranked.ToList().IndexOf(e.Question.ProcedureId!);
            hit1 += rank == 0 ? 1 : 0;
            hit3 += rank is >= 0 and < 3 ? 1 : 0;
            mrr += rank >= 0 ? 1.0 / (rank + 1) : 0;
        }

        return new RankingScore(language, set.Count, hit1 / set.Count, hit3 / set.Count, mrr / set.Count);
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Floor(p * sorted.Count))];
}
