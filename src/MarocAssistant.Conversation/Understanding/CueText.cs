using System.Globalization;
using System.Text;

namespace MarocAssistant.Conversation.Understanding;

/// <summary>
/// The form both messages and cues are compared in: lower case, no Latin accents, one Arabic spelling for the letters
/// people write interchangeably, punctuation turned into spaces, emoji kept as words. Padded with spaces so that a
/// cue matches whole words with a plain substring search.
/// </summary>
internal static class CueText
{
    public static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append(' ');
        var enumerator = StringInfo.GetTextElementEnumerator(text.Normalize(NormalizationForm.FormD));
        while (enumerator.MoveNext())
        {
            var element = (string)enumerator.Current;
            var c = element[0];
            if (element.Length > 1 && char.IsSurrogate(c))
            {
                // An emoji such as 👍 is a word of its own.
                builder.Append(' ').Append(element).Append(' ');
                continue;
            }

            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark || c == '\u0640')
            {
                continue; // accents, Arabic diacritics, tatweel
            }

            builder.Append(c switch
            {
                'أ' or 'إ' or 'آ' or 'ٱ' => 'ا',
                'ة' => 'ه',
                'ى' => 'ي',
                'ڭ' or 'گ' => 'ك',
                '\'' or '’' or '-' => '\'',
                >= '٠' and <= '٩' => (char)('0' + (c - '٠')),   // Arabic-Indic digits, for ages and horsepower
                _ when char.IsLetterOrDigit(c) => char.ToLowerInvariant(c),
                _ => ' ',
            });
        }

        // Collapse runs of spaces so that phrases match across double spaces.
        var collapsed = new StringBuilder(builder.Length + 1);
        foreach (var c in builder.ToString())
        {
            if (c != ' ' || collapsed.Length == 0 || collapsed[^1] != ' ')
            {
                collapsed.Append(c);
            }
        }

        if (collapsed[^1] != ' ')
        {
            collapsed.Append(' ');
        }

        return collapsed.ToString();
    }

    /// <summary>Arabic prefixes glued to a word: and, to, with, in, as, the (و ل ب ف ك ال and their combinations).</summary>
    private static readonly string[] Clitics = ["وال", "بال", "فال", "كال", "لل", "ال", "و", "ل", "ب", "ف", "ك"];

    /// <summary>
    /// The normalised text with each Arabic word also stripped of one glued prefix ("لتجديد" → "تجديد", "وفين" → "فين"),
    /// so that cues written without them still match. Latin words are kept as they are.
    /// </summary>
    public static string WithoutClitics(string normalized) => Strip(normalized, Clitics);

    /// <summary>The same, keeping the article: "باحد المستشارين" → "احد المستشارين", "والتجديد" → "التجديد".</summary>
    public static string WithoutParticles(string normalized) => Strip(normalized, Particles);

    private static readonly string[] Particles = ["و", "ل", "ب", "ف", "ك"];

    private static string Strip(string normalized, string[] clitics)
    {
        var builder = new StringBuilder(normalized.Length);
        foreach (var token in normalized.Split(' '))
        {
            builder.Append(StripClitic(token, clitics)).Append(' ');
        }

        return builder.ToString();
    }

    private static string StripClitic(string token, string[] clitics)
    {
        if (token.Length < 4 || token[0] is < '\u0600' or > '\u06FF')
        {
            return token;
        }

        foreach (var clitic in clitics)
        {
            if (token.StartsWith(clitic, StringComparison.Ordinal) && token.Length - clitic.Length >= 3)
            {
                return token[clitic.Length..];
            }
        }

        return token;
    }

    /// <summary>
    /// The form cues are searched in: the normalised text, then the same with glued particles and with every glued
    /// prefix removed, so that a cue matches any of them ("باحد المستشارين", "لتجديد").
    /// </summary>
    public static string MatchForm(string plain) =>
        plain + WithoutParticles(plain).TrimStart() + WithoutClitics(plain).TrimStart();

    public static int WordCount(string normalized) =>
        normalized.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
}
