namespace MarocAssistant.Retrieval.Corpus;

/// <summary>A question with the procedure it is about, or none when it is out of scope.</summary>
/// <param name="ProcedureId">The record id, or null for an out-of-scope question.</param>
/// <param name="Language">The language label (ary-Arab, ary-Latn, arb, fr, en).</param>
/// <param name="Text">The question.</param>
public sealed record LabeledQuestion(string? ProcedureId, string Language, string Text)
{
    /// <summary>The id used for out-of-scope rows in evaluation files.</summary>
    public const string OutOfScopeId = "out-of-scope";

    /// <summary>
    /// The file of administrative questions about procedures the corpus does not have (<c>not-covered.tsv</c>): out of
    /// scope for the search, which must not answer them with another procedure, but administrative for the message-kind
    /// model.
    /// </summary>
    public const string NotCoveredId = "not-covered";

    public bool IsOutOfScope => ProcedureId is null;
}

/// <summary>Reads question files: the training folder <c>corpus/questions</c> and evaluation TSVs.</summary>
public static class QuestionFiles
{
    /// <summary>
    /// Reads <c>&lt;id&gt;.tsv</c> files (<c>language&lt;TAB&gt;question</c>) of a folder; <c>out-of-scope.tsv</c> and
    /// <c>not-covered.tsv</c> give out-of-scope questions. A missing folder gives none.
    /// </summary>
    public static List<LabeledQuestion> LoadFolder(string folder)
    {
        var questions = new List<LabeledQuestion>();
        if (!Directory.Exists(folder))
        {
            return questions;
        }

        foreach (var file in Directory.EnumerateFiles(folder, "*.tsv").Order(StringComparer.Ordinal))
        {
            var id = Path.GetFileNameWithoutExtension(file);
            var procedure = id is LabeledQuestion.OutOfScopeId or LabeledQuestion.NotCoveredId ? null : id;
            foreach (var cells in Rows(file))
            {
                if (cells.Length >= 2 && cells[0] != "language")
                {
                    questions.Add(new LabeledQuestion(procedure, cells[0].Trim(), cells[1].Trim()));
                }
            }
        }

        return questions;
    }

    /// <summary>Reads an evaluation file: <c>procedure_id&lt;TAB&gt;language&lt;TAB&gt;question</c>.</summary>
    public static List<LabeledQuestion> LoadEvaluation(string path)
    {
        var questions = new List<LabeledQuestion>();
        foreach (var cells in Rows(path))
        {
            if (cells.Length < 3 || cells[0] == "procedure_id")
            {
                continue;
            }

            var id = cells[0].Trim();
            questions.Add(new LabeledQuestion(id == LabeledQuestion.OutOfScopeId ? null : id, cells[1].Trim(), cells[2].Trim()));
        }

        return questions;
    }

    private static IEnumerable<string[]> Rows(string path)
    {
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line) || line[0] == '#')
            {
                continue;
            }

            var cells = line.Split('\t');
            if (cells.Length >= 2 && cells[^1].Trim().Length > 0)
            {
                yield return cells;
            }
        }
    }
}
