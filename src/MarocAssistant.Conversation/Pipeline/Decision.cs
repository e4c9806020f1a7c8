using MarocAssistant.Retrieval.Corpus;
using MarocAssistant.Retrieval.Search;

namespace MarocAssistant.Conversation.Pipeline;

/// <summary>What to do with a search result.</summary>
public enum DecisionKind
{
    Answer,
    Clarify,
    OutOfScope,
}

/// <summary>The decision and the records it concerns (one to answer, several to choose from).</summary>
public sealed record Decision(DecisionKind Kind, IReadOnlyList<ProcedureRecord> Records)
{
    /// <summary>
    /// Confident → answer; several close candidates → ask which one; nothing relevant → out of scope.
    /// "Close" means a score within <paramref name="clarifyRatio"/> of the best one.
    /// </summary>
    public static Decision From(SearchResult result, ProcedureCorpus corpus, double answerThreshold, double clarifyRatio)
    {
        var top = result.Top;
        if (top is null || result.Confidence < answerThreshold || corpus.Find(top.ProcedureId) is not { } best)
        {
            return new Decision(DecisionKind.OutOfScope, []);
        }

        var close = result.Candidates
            .Skip(1)
            .Where(c => top.Score > 0 && c.Score >= top.Score * clarifyRatio)
            .Select(c => corpus.Find(c.ProcedureId))
            .OfType<ProcedureRecord>()
            .Take(3)
            .ToList();
        return close.Count == 0
            ? new Decision(DecisionKind.Answer, [best])
            : new Decision(DecisionKind.Clarify, [best, .. close]);
    }
}
