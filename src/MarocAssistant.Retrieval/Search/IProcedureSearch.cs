namespace MarocAssistant.Retrieval.Search;

/// <summary>
/// Finds the procedures a question is about. This is the retrieval stage of the turn pipeline;
/// implementations are thread-safe and hold their index in memory or reach a backend.
/// </summary>
public interface IProcedureSearch
{
    /// <summary>Ranks procedures for a question.</summary>
    /// <param name="query">The question and what is known of it.</param>
    /// <param name="cancellationToken">Cancels a backend call.</param>
    ValueTask<SearchResult> SearchAsync(SearchQuery query, CancellationToken cancellationToken = default);
}

/// <summary>A question to search for.</summary>
/// <param name="Text">The citizen's words, as written.</param>
/// <param name="Language">The detected language label (e.g. <c>ary-Latn</c>), or null when unknown.</param>
/// <param name="Limit">How many candidates to return.</param>
public sealed record SearchQuery(string Text, string? Language = null, int Limit = 5);

/// <summary>A ranked procedure.</summary>
/// <param name="ProcedureId">The record id.</param>
/// <param name="Score">The backend's score; comparable only within one result.</param>
public sealed record ScoredProcedure(string ProcedureId, double Score);

/// <summary>The ranked candidates and how sure the search is that the first one is right.</summary>
/// <param name="Candidates">Best first.</param>
/// <param name="Confidence">0 to 1: the calibrated chance that the top candidate is the right procedure.</param>
public sealed record SearchResult(IReadOnlyList<ScoredProcedure> Candidates, double Confidence)
{
    public static SearchResult Empty { get; } = new([], 0);

    /// <summary>
    /// 0 to 1: the calibrated chance that the right procedure is among the first few candidates (the ones a
    /// "which one did you mean?" question would offer). Zero when the search does not estimate it.
    /// </summary>
    public double ChoiceConfidence { get; init; }

    public ScoredProcedure? Top => Candidates.Count > 0 ? Candidates[0] : null;
}
