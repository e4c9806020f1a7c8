using MarocAssistant.Language.LangId;
using MarocAssistant.Training.LangId;
using Xunit;

namespace MarocAssistant.Training.Tests.LangId;

public sealed class LangIdEvaluationTests
{
    [Fact]
    public void Metrics_KnownConfusion_PrecisionRecallF1()
    {
        var evaluation = new LangIdEvaluation(["a", "b", "c"]);
        // a: 3 right, 1 taken for b. b: 2 right. c never occurs in gold.
        foreach (var (gold, predicted) in new[] { ("a", "a"), ("a", "a"), ("a", "a"), ("a", "b"), ("b", "b"), ("b", "b") })
        {
            evaluation.Add(gold, predicted);
        }

        var m = evaluation.Metrics();

        Assert.Equal(1.0, m.PerLabel[0].Precision);
        Assert.Equal(0.75, m.PerLabel[0].Recall);
        Assert.Equal(Math.Round(2 * 0.75 / 1.75, 4), m.PerLabel[0].F1);
        Assert.Equal(Math.Round(2 / 3.0, 4), m.PerLabel[1].Precision);
        Assert.Equal(0, m.PerLabel[2].Support);
        Assert.Equal(Math.Round(((2 * 0.75 / 1.75) + 0.8) / 2, 4), m.MacroF1, 4);
        Assert.Equal(Math.Round(5 / 6.0, 4), m.Accuracy);
    }

    [Fact]
    public void Report_Always_EndsWithMacroF1Line()
    {
        var evaluation = new LangIdEvaluation(["x", "y"]);
        evaluation.Add(0, 0);
        evaluation.Add(1, 0);

        var lastLine = evaluation.Report().Split('\n')[^1];

        Assert.Equal("macro-F1: " + evaluation.Metrics().MacroF1.ToString("F4", System.Globalization.CultureInfo.InvariantCulture), lastLine);
    }
}
