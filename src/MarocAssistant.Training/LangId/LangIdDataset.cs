using System.Security.Cryptography;
using System.Text;

namespace MarocAssistant.Training.LangId;

/// <summary>One labelled message. <paramref name="Secondary"/> is the code-switched language, when annotated.</summary>
public sealed record LangIdExample(string Label, string Text, string? Secondary = null, string Source = "");

/// <summary>Where the label, the secondary label (-1: none) and the text are in a TSV line that has no header.</summary>
public sealed record TsvColumns(int Label, int Secondary, int Text);

/// <summary>Reads <c>label&lt;TAB&gt;text</c> files and splits them into train and dev sets.</summary>
public static class LangIdDataset
{
    /// <summary>
    /// Reads a TSV of <c>label&lt;TAB&gt;text</c> lines, or <c>label&lt;TAB&gt;secondary&lt;TAB&gt;text</c> lines for
    /// code-switched messages (a header line naming <c>label</c>, <c>secondary</c> and <c>text</c> may set another
    /// order). Blank lines and <c>#</c> comments are skipped.
    /// Labels outside <paramref name="labels"/> are rejected, so a typo never becomes a ninth class.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="labels">The labels allowed.</param>
    /// <param name="columns">A fixed layout for files of another shape (the message kinds' label, language, text).</param>
    public static IReadOnlyList<LangIdExample> ReadTsv(string path, IReadOnlyCollection<string> labels, TsvColumns? columns = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var source = Path.GetFileName(path);
        var examples = new List<LangIdExample>();
        int[]? header = null; // label, secondary, text columns when a header names them
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path, Encoding.UTF8))
        {
            lineNumber++;
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var cells = line.Split('\t');
            if (columns is null && examples.Count == 0 && IsHeader(cells))
            {
                header = [Array.IndexOf(cells, "label"), Array.IndexOf(cells, "secondary"), Array.IndexOf(cells, "text")];
                continue;
            }

            var (labelColumn, secondaryColumn, textColumn) = columns is not null ? (columns.Label, columns.Secondary, columns.Text)
                : header is not null ? (header[0], header[1], header[2])
                : cells.Length >= 3 ? (0, 1, 2) : (0, -1, 1);
            if (cells.Length <= Math.Max(labelColumn, textColumn))
            {
                throw new InvalidDataException($"{source}:{lineNumber}: expected label<TAB>text or label<TAB>secondary<TAB>text.");
            }

            var label = cells[labelColumn].Trim();
            if (!labels.Contains(label))
            {
                throw new InvalidDataException($"{source}:{lineNumber}: unknown label '{label}'.");
            }

            var secondary = secondaryColumn >= 0 && secondaryColumn < cells.Length ? cells[secondaryColumn].Trim() : null;
            if (string.IsNullOrEmpty(secondary) || secondary is "-" or "none")
            {
                secondary = null;
            }
            else if (!labels.Contains(secondary))
            {
                throw new InvalidDataException($"{source}:{lineNumber}: unknown secondary label '{secondary}'.");
            }

            examples.Add(new LangIdExample(label, Unquote(cells[textColumn].Trim()), secondary, source));
        }

        return examples;
    }

    /// <summary>Roughly one message in ten, chosen by a stable hash of its text: the same split on every machine.</summary>
    public static bool IsDev(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return hash[0] % 10 == 0;
    }

    public static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private static bool IsHeader(string[] cells) => cells.Contains("label") && cells.Contains("text");

    // Some source lines are CSV-quoted ("- زاد قال ..."); the quotes are not part of the message.
    private static string Unquote(string text) =>
        text.Length >= 2 && text[0] == '"' && text[^1] == '"' ? text[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : text;
}
