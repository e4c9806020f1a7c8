using System.Globalization;
using System.Text;

namespace MarocAssistant.Language.Normalization;

/// <summary>What a character becomes once normalised: dropped, a separator, or one or two letters.</summary>
internal enum CharClass : byte
{
    Separator,
    Drop,
    Latin,
    Arabic,
    Digit,
}

/// <summary>
/// Table-driven character normalisation, built once: Latin case and accents folded, Arabic orthography
/// unified (alef/hamza forms, ta marbuta, alef maqsura, tatweel, diacritics, Persian letters), Arabic-Indic
/// digits made ASCII. Tables instead of regexes or <see cref="string.Normalize()"/> keep the hot path
/// allocation-free.
/// </summary>
internal static class CharFolding
{
    private const int TableSize = 0x0700;

    private static readonly char[] Primary = new char[TableSize];
    private static readonly char[] Secondary = new char[TableSize];
    private static readonly CharClass[] Classes = new CharClass[TableSize];

    static CharFolding()
    {
        for (var c = 0; c < TableSize; c++)
        {
            Classes[c] = CharClass.Separator;
        }

        for (var c = '0'; c <= '9'; c++)
        {
            Set(c, CharClass.Digit, c);
        }

        // Latin letters, folded through the canonical decomposition once, here, not per call.
        for (var c = 0; c < 0x0250; c++)
        {
            var ch = (char)c;
            if (!char.IsLetter(ch))
            {
                continue;
            }

            var lower = char.ToLowerInvariant(ch);
            var decomposed = lower.ToString().Normalize(NormalizationForm.FormD);
            var baseChar = decomposed[0];
            if (baseChar is >= 'a' and <= 'z')
            {
                Set(ch, CharClass.Latin, baseChar);
            }
        }

        // Other alphabets (Greek, Cyrillic, ...) stay letters, lower-cased, so they still form tokens.
        for (var c = 0x0250; c < 0x0600; c++)
        {
            if (char.IsLetter((char)c))
            {
                Set((char)c, CharClass.Latin, char.ToLowerInvariant((char)c));
            }
        }

        Set('\u00DF', CharClass.Latin, 's', 's'); // ß
        Set('\u00E6', CharClass.Latin, 'a', 'e'); // æ
        Set('\u00C6', CharClass.Latin, 'a', 'e');
        Set('\u0153', CharClass.Latin, 'o', 'e'); // œ
        Set('\u0152', CharClass.Latin, 'o', 'e');
        Set('\u0131', CharClass.Latin, 'i'); // dotless i
        Set('\u0142', CharClass.Latin, 'l'); // ł
        Set('\u00F8', CharClass.Latin, 'o'); // ø
        Set('\u00D8', CharClass.Latin, 'o');
        Set('\u0111', CharClass.Latin, 'd'); // đ

        // Combining marks that survive in decomposed input.
        for (var c = 0x0300; c <= 0x036F; c++)
        {
            Classes[c] = CharClass.Drop;
        }

        for (var c = 0x0600; c < 0x0700; c++)
        {
            var ch = (char)c;
            var category = CharUnicodeInfo.GetUnicodeCategory(ch);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
            {
                Classes[c] = CharClass.Drop;
            }
            else if (char.IsLetter(ch))
            {
                Set(ch, CharClass.Arabic, ch);
            }
        }

        Classes[0x0640] = CharClass.Drop; // tatweel
        Classes[0x0670] = CharClass.Drop; // superscript alef
        foreach (var alef in "\u0622\u0623\u0625\u0671\u0672\u0673")
        {
            Set(alef, CharClass.Arabic, '\u0627');
        }

        Set('\u0624', CharClass.Arabic, '\u0648'); // ؤ → و
        Set('\u0626', CharClass.Arabic, '\u064A'); // ئ → ي
        Set('\u0649', CharClass.Arabic, '\u064A'); // ى → ي
        Set('\u06CC', CharClass.Arabic, '\u064A'); // Persian yeh
        Set('\u06D2', CharClass.Arabic, '\u064A');
        Set('\u0629', CharClass.Arabic, '\u0647'); // ة → ه
        Set('\u06C1', CharClass.Arabic, '\u0647');
        Set('\u06D5', CharClass.Arabic, '\u0647');
        Set('\u067E', CharClass.Arabic, '\u0628'); // پ → ب
        Set('\u06A4', CharClass.Arabic, '\u0641'); // ڤ → ف
        Set('\u06A5', CharClass.Arabic, '\u0641');
        Set('\u06A9', CharClass.Arabic, '\u0643'); // ک → ك
        Set('\u06AA', CharClass.Arabic, '\u0643');
        Set('\u06AD', CharClass.Arabic, '\u0643'); // ڭ (Moroccan g) → ك
        Set('\u06AF', CharClass.Arabic, '\u0643'); // گ → ك
        Set('\u0686', CharClass.Arabic, '\u0634'); // چ → ش
        Set('\u0698', CharClass.Arabic, '\u0632'); // ژ → ز

        for (var d = 0; d < 10; d++)
        {
            Set((char)(0x0660 + d), CharClass.Digit, (char)('0' + d));
            Set((char)(0x06F0 + d), CharClass.Digit, (char)('0' + d));
        }
    }

    /// <summary>Classifies and maps one character; <paramref name="second"/> is '\0' unless it expands.</summary>
    public static CharClass Map(char c, out char first, out char second)
    {
        if (c < TableSize)
        {
            first = Primary[c];
            second = Secondary[c];
            return Classes[c];
        }

        second = '\0';
        if (c is >= '\uFB50' and <= '\uFEFF' && char.IsLetter(c))
        {
            // Presentation forms: fold through compatibility decomposition (rare, so not tabled).
            var folded = c.ToString().Normalize(NormalizationForm.FormKC);
            if (folded.Length == 1 && folded[0] < TableSize)
            {
                return Map(folded[0], out first, out second);
            }
        }

        if (c is >= '\uFF10' and <= '\uFF19')
        {
            first = (char)('0' + (c - '\uFF10'));
            return CharClass.Digit;
        }

        first = c;
        if (char.IsLetter(c))
        {
            first = char.ToLowerInvariant(c);
            return CharClass.Latin;
        }

        return CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark ? CharClass.Drop : CharClass.Separator;
    }

    private static void Set(char c, CharClass cls, char first, char second = '\0')
    {
        Classes[c] = cls;
        Primary[c] = first;
        Secondary[c] = second;
    }
}
