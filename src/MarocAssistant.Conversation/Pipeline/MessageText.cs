using System.Text;

namespace MarocAssistant.Conversation.Pipeline;

/// <summary>
/// The guard on what a citizen wrote, before any stage reads it: ill-formed UTF-16 (a lone surrogate, which JSON can
/// carry as <c>\uD800</c>) and Unicode noncharacters (U+FFFE, U+FFFF, U+FDD0–U+FDEF, the last two code points of every
/// plane) are replaced by U+FFFD. .NET's <see cref="string.Normalize()"/>, used by the normalisers, throws on them;
/// nothing else is changed (bidi, zero-width and control characters are the normalisers' business), and the length
/// stays the same.
/// </summary>
public static class MessageText
{
    private const char Replacement = '\uFFFD';

    /// <summary>The text with every ill-formed or noncharacter code point replaced; the same instance when there is none.</summary>
    public static string Clean(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var first = FirstInvalid(text);
        if (first < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        builder.Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                var codePoint = char.ConvertToUtf32(c, text[i + 1]);
                if (IsNoncharacter(codePoint))
                {
                    // One replacement per UTF-16 unit, so that positions in the text stay where they were.
                    builder.Append(Replacement).Append(Replacement);
                }
                else
                {
                    builder.Append(c).Append(text[i + 1]);
                }

                i++;
            }
            else
            {
                builder.Append(char.IsSurrogate(c) || IsNoncharacter(c) ? Replacement : c);
            }
        }

        return builder.ToString();
    }

    /// <summary>True when <paramref name="text"/> has nothing <see cref="Clean"/> would replace.</summary>
    public static bool IsClean(string text) => FirstInvalid(text) < 0;

    private static int FirstInvalid(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < '\uD800')
            {
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                if (IsNoncharacter(char.ConvertToUtf32(c, text[i + 1])))
                {
                    return i;
                }

                i++;
                continue;
            }

            if (char.IsSurrogate(c) || IsNoncharacter(c))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsNoncharacter(int codePoint) =>
        codePoint is >= 0xFDD0 and <= 0xFDEF || (codePoint & 0xFFFE) == 0xFFFE;
}
