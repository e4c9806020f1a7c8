namespace MarocAssistant.Recording.Feedback;

/// <summary>What citizens thought of the answers, what they asked that had no good answer, and where they asked for a person.</summary>
public sealed record FeedbackReport(
    IReadOnlyList<(string Procedure, string Language, int Positive, int Negative)> Ratings,
    IReadOnlyList<(string Language, string Question, int Count)> Unanswered,
    IReadOnlyList<(string Procedure, int Count)> Handoffs)
{
    public static FeedbackReport Build(IEnumerable<FeedbackEvent> events)
    {
        var list = events.ToList();
        var ratings = list
            .Where(e => e.Kind is FeedbackEvent.Positive or FeedbackEvent.Negative)
            .GroupBy(e => (Procedure: e.ProcedureId ?? "-", e.Language))
            .Select(g => (g.Key.Procedure, g.Key.Language, g.Count(e => e.Kind == FeedbackEvent.Positive), g.Count(e => e.Kind == FeedbackEvent.Negative)))
            .OrderByDescending(r => r.Item4).ThenBy(r => r.Procedure, StringComparer.Ordinal)
            .ToList();
        var unanswered = list
            .Where(e => e.Kind == FeedbackEvent.Unanswered && !string.IsNullOrWhiteSpace(e.Question))
            .GroupBy(e => (e.Language, Question: e.Question!.Trim().ToLowerInvariant()))
            .Select(g => (g.Key.Language, g.First().Question!, g.Count()))
            .OrderByDescending(u => u.Item3).ThenBy(u => u.Language, StringComparer.Ordinal)
            .ToList();
        var handoffs = list
            .Where(e => e.Kind == FeedbackEvent.Handoff)
            .GroupBy(e => e.ProcedureId ?? "-")
            .Select(g => (g.Key, g.Count()))
            .OrderByDescending(h => h.Item2).ThenBy(h => h.Key, StringComparer.Ordinal)
            .ToList();
        return new FeedbackReport(ratings, unanswered, handoffs);
    }
}
