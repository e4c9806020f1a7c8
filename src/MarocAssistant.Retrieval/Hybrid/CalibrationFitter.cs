using MarocAssistant.Retrieval.Corpus;

namespace MarocAssistant.Retrieval.Hybrid;

/// <summary>Fits a <see cref="ConfidenceCalibration"/> from labelled questions and the traces of their searches.</summary>
public static class CalibrationFitter
{
    /// <param name="mode">"sparse" or "hybrid".</param>
    /// <param name="examples">Each question with the trace of its search (made without training on that question).</param>
    /// <param name="choiceCount">How many candidates a "which one?" question offers.</param>
    public static ConfidenceCalibration Fit(string mode, IReadOnlyList<(LabeledQuestion Question, SearchTrace Trace)> examples, int choiceCount = 3)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var features = new List<double[]>(examples.Count);
        var top = new List<bool>(examples.Count);
        var choice = new List<bool>(examples.Count);
        foreach (var (question, trace) in examples)
        {
            features.Add(trace.Features);
            var fused = trace.Hits.Fused;
            top.Add(!question.IsOutOfScope && fused.Count > 0 && fused[0].Id == question.ProcedureId);
            choice.Add(!question.IsOutOfScope && fused.Take(choiceCount).Any(h => h.Id == question.ProcedureId));
        }

        if (top.All(t => t) || top.All(t => !t) || choice.All(c => c) || choice.All(c => !c))
        {
            throw new InvalidOperationException("Calibration needs both right and wrong answers among its questions (add out-of-scope questions).");
        }

        return new ConfidenceCalibration
        {
            Mode = mode,
            ChoiceCount = choiceCount,
            Top = LogisticModel.Fit(features, top),
            Choice = LogisticModel.Fit(features, choice),
            Examples = examples.Count,
        };
    }

    /// <summary>
    /// A calibration for when no question file exists yet: a fixed rule on the relative sparse score, so the
    /// search still refuses empty matches. Replaced as soon as questions are there.
    /// </summary>
    public static ConfidenceCalibration Prior(string mode) => new()
    {
        Mode = mode,
        Top = new LogisticModel
        {
            Means = new double[ConfidenceCalibration.FeatureCount],
            Scales = Enumerable.Repeat(1.0, ConfidenceCalibration.FeatureCount).ToArray(),
            Weights = [3, 6, -2, 2, 4, 1, 0, 0, 0, 0, 2, 1],
            Bias = -2,
        },
        Choice = new LogisticModel
        {
            Means = new double[ConfidenceCalibration.FeatureCount],
            Scales = Enumerable.Repeat(1.0, ConfidenceCalibration.FeatureCount).ToArray(),
            Weights = [4, 0, 0, 3, 0, 1, 0, 0, 0, 0, 2, 1],
            Bias = -1.5,
        },
    };
}
