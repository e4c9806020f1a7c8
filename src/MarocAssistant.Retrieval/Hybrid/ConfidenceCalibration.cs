using MarocAssistant.Retrieval.Index;

namespace MarocAssistant.Retrieval.Hybrid;

/// <summary>
/// Turns what a search saw (top scores, margins, agreement of the two branches) into probabilities: that the
/// first candidate is right, and that the right one is among the first <see cref="ChoiceCount"/>. Fitted on
/// corpus/questions and out-of-scope questions; stored with the index and the encoder metadata.
/// </summary>
public sealed class ConfidenceCalibration
{
    public const int FeatureCount = 12;

    /// <summary>"sparse" or "hybrid": the features a model was fitted on must be the ones it is given.</summary>
    public string Mode { get; set; } = "sparse";

    public int ChoiceCount { get; set; } = 3;

    public LogisticModel Top { get; set; } = new();

    public LogisticModel Choice { get; set; } = new();

    /// <summary>How many questions the fit saw, for the record.</summary>
    public int Examples { get; set; }

    public (double Top, double Choice) Predict(ReadOnlySpan<double> features) => (Top.Predict(features), Choice.Predict(features));

    /// <summary>The features of one search.</summary>
    /// <param name="hits">What the index returned.</param>
    /// <param name="queryWeight">The sum of the sparse query weights, so that scores compare across query lengths.</param>
    /// <param name="outOfScopeSimilarity">Cosine of the query to the encoder's out-of-scope prototype, or 0.</param>
    /// <param name="coverage">Of the question's content words, the share found (as word or skeleton) in the first candidate, and in any procedure.</param>
    /// <param name="into">Receives <see cref="FeatureCount"/> values.</param>
    public static void Features(HybridHits hits, double queryWeight, double outOfScopeSimilarity, (double Top, double Corpus) coverage, Span<double> into)
    {
        ArgumentNullException.ThrowIfNull(hits);
        var qw = Math.Max(queryWeight, 1e-6);
        var s1 = hits.Sparse.Count > 0 ? hits.Sparse[0].Score : 0;
        var s2 = hits.Sparse.Count > 1 ? hits.Sparse[1].Score : 0;
        var d1 = hits.Dense.Count > 0 ? hits.Dense[0].Score : 0;
        var d2 = hits.Dense.Count > 1 ? hits.Dense[1].Score : 0;
        var fusedTop = hits.Fused.Count > 0 ? hits.Fused[0].Id : null;
        into[0] = s1 / qw;
        into[1] = (s1 - s2) / qw;
        into[2] = s1 > 0 ? s2 / s1 : 1;
        into[3] = d1;
        into[4] = d1 - d2;
        into[5] = hits.Sparse.Count > 0 && hits.Dense.Count > 0 && hits.Sparse[0].Id == hits.Dense[0].Id ? 1 : 0;
        into[6] = fusedTop is not null && hits.Sparse.Count > 0 && hits.Sparse[0].Id == fusedTop ? 1 : 0;
        into[7] = outOfScopeSimilarity;
        into[8] = Math.Log(1 + qw);
        into[9] = Math.Log(1 + s1);
        into[10] = coverage.Top;
        into[11] = coverage.Corpus;
    }
}
