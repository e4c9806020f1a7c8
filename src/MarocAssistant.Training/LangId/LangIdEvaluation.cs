using System.Globalization;
using System.Text;

using MarocAssistant.Language.LangId;

namespace MarocAssistant.Training.LangId;

/// <summary>A confusion matrix over a fixed label list, and the metrics and report derived from it.</summary>
public sealed class LangIdEvaluation
{
    private readonly int[,] _confusion;

    public LangIdEvaluation(IReadOnlyList<string> labels)
    {
        Labels = labels ?? throw new ArgumentNullException(nameof(labels));
        _confusion = new int[labels.Count, labels.Count];
    }

    public IReadOnlyList<string> Labels { get; }

    public int Count { get; private set; }

    public void Add(int gold, int predicted)
    {
        _confusion[gold, predicted]++;
        Count++;
    }

    public void Add(string gold, string predicted) => Add(IndexOf(gold), IndexOf(predicted));

    public int this[int gold, int predicted] => _confusion[gold, predicted];

    public LangIdMetrics Metrics()
    {
        var perLabel = new List<LangIdLabelMetrics>();
        var correct = 0;
        for (var l = 0; l < Labels.Count; l++)
        {
            int tp = _confusion[l, l], predicted = 0, support = 0;
            for (var o = 0; o < Labels.Count; o++)
            {
                predicted += _confusion[o, l];
                support += _confusion[l, o];
            }

            correct += tp;
            var p = predicted == 0 ? 0 : (double)tp / predicted;
            var r = support == 0 ? 0 : (double)tp / support;
            var f1 = p + r == 0 ? 0 : 2 * p * r / (p + r);
            perLabel.Add(new LangIdLabelMetrics(Labels[l], Round(p), Round(r), Round(f1), support));
        }

        // Macro-F1 over the labels that occur in the gold set: absent labels would only add zeros.
        var present = perLabel.Where(m => m.Support > 0).ToList();
        var macro = present.Count == 0 ? 0 : present.Average(m => m.F1);
        return new LangIdMetrics(Count, Round(Count == 0 ? 0 : (double)correct / Count), Round(macro), perLabel);
    }

    /// <summary>Confusion matrix (rows gold, columns predicted), per-label P/R/F1, and last a <c>macro-F1:</c> line.</summary>
    public string Report()
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        var width = Math.Max(9, Labels.Max(l => l.Length) + 1);
        sb.Append("gold \\ predicted".PadRight(width + 8));
        foreach (var l in Labels)
        {
            sb.Append(l.PadLeft(width));
        }

        sb.AppendLine();
        for (var g = 0; g < Labels.Count; g++)
        {
            sb.Append(Labels[g].PadRight(width + 8));
            for (var p = 0; p < Labels.Count; p++)
            {
                sb.Append(_confusion[g, p].ToString(inv).PadLeft(width));
            }

            sb.AppendLine();
        }

        var m = Metrics();
        sb.AppendLine();
        sb.AppendLine(inv, $"{"label",-12}{"precision",10}{"recall",10}{"F1",10}{"support",10}");
        foreach (var l in m.PerLabel)
        {
            sb.AppendLine(inv, $"{l.Label,-12}{l.Precision,10:F4}{l.Recall,10:F4}{l.F1,10:F4}{l.Support,10}");
        }

        sb.AppendLine(inv, $"accuracy: {m.Accuracy:F4} ({m.Count} messages)");
        sb.Append(inv, $"macro-F1: {m.MacroF1:F4}");
        return sb.ToString();
    }

    private static double Round(double v) => Math.Round(v, 4, MidpointRounding.ToEven);

    private int IndexOf(string label)
    {
        for (var i = 0; i < Labels.Count; i++)
        {
            if (Labels[i] == label)
            {
                return i;
            }
        }

        throw new ArgumentException($"Unknown label '{label}'.", nameof(label));
    }
}
