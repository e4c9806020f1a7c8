using System.Text;

namespace MarocAssistant.Cli.Replay;

/// <summary>One line of a diff: <c>' '</c> same, <c>'-'</c> only expected, <c>'+'</c> only got.</summary>
internal readonly record struct DiffLine(char Kind, string Text)
{
    public override string ToString() => Kind + " " + Text;
}

/// <summary>
/// Text comparison that tolerates whitespace: two texts are equal when they differ only in spaces, tabs and line
/// breaks. When they are not, <see cref="Lines"/> gives a line diff (longest common subsequence over non-empty,
/// trimmed lines) for the reports.
/// </summary>
internal static class TextDiff
{
    /// <summary>Whitespace runs become one space; ends trimmed; Unicode normalised (NFC).</summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text.Normalize(NormalizationForm.FormC))
        {
            if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    public static bool EqualIgnoringWhitespace(string? expected, string? got) =>
        string.Equals(Normalize(expected), Normalize(got), StringComparison.Ordinal);

    /// <summary>Case-insensitive, whitespace-tolerant containment.</summary>
    public static bool ContainsText(string haystack, string needle) =>
        Normalize(haystack).Contains(Normalize(needle), StringComparison.OrdinalIgnoreCase);

    /// <summary>The line diff of two texts, common lines kept only next to a change (one line of context).</summary>
    public static IReadOnlyList<DiffLine> Lines(string? expected, string? got)
    {
        var a = SplitLines(expected);
        var b = SplitLines(got);

        // Longest common subsequence table, from the end; texts are short (a reply is at most a few dozen lines).
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var all = new List<DiffLine>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                all.Add(new DiffLine(' ', a[x]));
                x++;
                y++;
            }
            else if (x < a.Length && (y == b.Length || lcs[x + 1, y] >= lcs[x, y + 1]))
            {
                all.Add(new DiffLine('-', a[x++]));
            }
            else
            {
                all.Add(new DiffLine('+', b[y++]));
            }
        }

        return all.Where((line, i) => line.Kind != ' '
            || (i > 0 && all[i - 1].Kind != ' ')
            || (i + 1 < all.Count && all[i + 1].Kind != ' ')).ToList();
    }

    private static string[] SplitLines(string? text) =>
        (text ?? "").Split('\n').Select(Normalize).Where(l => l.Length > 0).ToArray();
}
