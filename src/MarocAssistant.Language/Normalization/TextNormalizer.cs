using System.Buffers;

namespace MarocAssistant.Language.Normalization;

/// <summary>
/// Normalises and splits text in any of the assistant's languages. One pass over the characters through
/// lookup tables: Latin is lower-cased and stripped of accents, Arabic loses diacritics and tatweel and has its
/// letter variants unified, Arabic-Indic digits become ASCII. Words split at anything that is not a letter or
/// digit, and where Arabic script meets Latin script or digits.
/// </summary>
public static class TextNormalizer
{
    /// <summary>The normalised text with single spaces between tokens.</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<TextToken>();
        Tokenize(text, tokens);
        return string.Join(' ', tokens.Select(t => t.Text));
    }

    public static List<TextToken> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<TextToken>();
        Tokenize(text, tokens);
        return tokens;
    }

    /// <summary>Appends the tokens of <paramref name="text"/> to <paramref name="into"/>.</summary>
    public static void Tokenize(ReadOnlySpan<char> text, List<TextToken> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        char[]? rented = null;
        Span<char> buffer = text.Length * 2 <= 512 ? stackalloc char[512] : (rented = ArrayPool<char>.Shared.Rent(text.Length * 2));
        var length = 0;
        var hasLatin = false;
        var hasArabic = false;
        var hasDigit = false;

        void Flush(List<TextToken> target, Span<char> buf)
        {
            if (length == 0)
            {
                return;
            }

            var script = hasArabic ? TokenScript.Arabic : hasLatin ? TokenScript.Latin : TokenScript.Number;
            target.Add(new TextToken(new string(buf[..length]), script, hasLatin && hasDigit));
            length = 0;
            hasLatin = hasArabic = hasDigit = false;
        }

        try
        {
            foreach (var c in text)
            {
                var cls = CharFolding.Map(c, out var first, out var second);
                switch (cls)
                {
                    case CharClass.Drop:
                        continue;
                    case CharClass.Separator:
                        Flush(into, buffer);
                        continue;
                    case CharClass.Arabic:
                        // Arabic never shares a token with Latin letters or digits ("فـwww", "12سنة").
                        if (hasLatin || hasDigit)
                        {
                            Flush(into, buffer);
                        }

                        hasArabic = true;
                        break;
                    case CharClass.Latin:
                        if (hasArabic)
                        {
                            Flush(into, buffer);
                        }

                        hasLatin = true;
                        break;
                    case CharClass.Digit:
                        if (hasArabic)
                        {
                            Flush(into, buffer);
                        }

                        hasDigit = true;
                        break;
                }

                buffer[length++] = first;
                if (second != '\0')
                {
                    buffer[length++] = second;
                }
            }

            Flush(into, buffer);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }
}
