using MarocAssistant.Training.LangId;

namespace MarocAssistant.Training.Intent;

/// <summary>
/// The training data of the message-kind model (<c>models/intent.onnx</c>): <c>corpus/intents/*.tsv</c>
/// (<c>label&lt;TAB&gt;language&lt;TAB&gt;text</c>, written for the project) and every training question of
/// <c>corpus/questions</c> as <c>admin</c>.
/// </summary>
public static class IntentData
{
    public const string Admin = "admin";
    public const string OutOfScope = "out_of_scope";
    public const string Refuse = "refuse";
    public const string Handoff = "handoff";
    public const string SmallTalk = "smalltalk";
    public const string Restart = "restart";

    /// <summary>The model's labels, in output order.</summary>
    public static IReadOnlyList<string> Labels { get; } = [Admin, OutOfScope, Refuse, Handoff, SmallTalk, Restart];

    /// <summary>Reads <c>label&lt;TAB&gt;language&lt;TAB&gt;text</c> lines; blank lines and <c>#</c> comments are skipped.</summary>
    public static IReadOnlyList<LangIdExample> ReadTsv(string path) => LangIdDataset.ReadTsv(path, Labels, new TsvColumns(Label: 0, Secondary: -1, Text: 2));

    /// <summary>
    /// The questions of <c>corpus/questions/&lt;procedure&gt;.tsv</c> (<c>language&lt;TAB&gt;question</c>) as <c>admin</c>,
    /// and those of <c>out-of-scope.tsv</c> as <c>out_of_scope</c> (<c>not-covered.tsv</c>, procedures the corpus does not
    /// have, stays <c>admin</c>).
    /// </summary>
    public static IReadOnlyList<LangIdExample> ReadQuestions(string folder) =>
        Directory.GetFiles(folder, "*.tsv").Order(StringComparer.Ordinal)
            .SelectMany(file => File.ReadLines(file).Select(line => (Label: Path.GetFileName(file) == "out-of-scope.tsv" ? OutOfScope : Admin, Cells: line.Split('\t'))))
            .Where(q => q.Cells.Length == 2 && q.Cells[1].Trim().Length > 0)
            .Select(q => new LangIdExample(q.Label, q.Cells[1].Trim(), Source: "questions"))
            .ToList();
}
