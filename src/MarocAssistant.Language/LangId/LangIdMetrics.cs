namespace MarocAssistant.Language.LangId;

/// <summary>Precision, recall and F1 of one label.</summary>
public sealed record LangIdLabelMetrics(string Label, double Precision, double Recall, double F1, int Support);

/// <summary>Scores of a classifier on a labelled set.</summary>
public sealed record LangIdMetrics(int Count, double Accuracy, double MacroF1, IReadOnlyList<LangIdLabelMetrics> PerLabel);
