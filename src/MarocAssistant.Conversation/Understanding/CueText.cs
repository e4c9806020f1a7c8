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

    public static int WordCount(string normalized) =>
        normalized.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
}
