using System.Globalization;
using System.Text;

namespace MarocAssistant.Conversation.Understanding;

/// <summary>
/// The form both messages and cues are compared in: lower case, no Latin accents, one Arabic spelling for the letters
/// people write interchangeably, punctuation turned into spaces, emoji kept as words. Padded with spaces so that a
/// cue matches whole words with a plain substring search.
/// </summary>
internal static partial class CueText
{
    // A turn puts the same message through several stages (cues, not-covered topics, families, the vocabulary), each
    // wanting these forms: the last one made on this thread is kept, so a turn computes each once.
    [ThreadStatic]
    private static LastOnThread<string> t_lastNormalized;

    [ThreadStatic]
    private static LastOnThread<string> t_lastMatchForm;

    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (t_lastNormalized.TryGet(text, out var plain))
        {
            return plain;
        }

        plain = NormalizeOnce(text);
        t_lastNormalized.Set(text, plain);
        return plain;
    }

    private static string NormalizeOnce(string text)
    {
        // At most: a leading space, each text element with a space either side (emoji), a trailing space.
        var decomposed = text.Normalize(NormalizationForm.FormD).AsSpan();
        var output = new CollapsingBuffer(decomposed.Length * 3 + 2);
        try
        {
            output.Append(' ');
            while (!decomposed.IsEmpty)
            {
                var length = StringInfo.GetNextTextElementLength(decomposed);
                var element = decomposed[..length];
                decomposed = decomposed[length..];
                var c = element[0];
                if (element.Length > 1 && char.IsSurrogate(c))
                {
                    // An emoji such as 👍 is a word of its own.
                    output.Append(' ');
                    output.Append(element);
                    output.Append(' ');
                    continue;
                }

                // Only the element's first character counts: the marks composed onto it are dropped with it.
                var category = CharUnicodeInfo.GetUnicodeCategory(c);
                if (category is UnicodeCategory.NonSpacingMark || c == '\u0640')
                {
                    continue; // accents, Arabic diacritics, tatweel
                }

                output.Append(c switch
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

            if (output.Last != ' ')
            {
                output.Append(' ');
            }

            return WithoutElongation(output.ToString());
        }
        finally
        {
            output.Dispose();
        }
    }

    /// <summary>
    /// Letters drawn out for emphasis, as chat does ("salaaaam", "سلااام", "merciiii", "okkk"), written once (three or more
    /// of a letter, two or more alefs). The cues go through the same form, so "hhh" and "hhhhh" still meet.
    /// </summary>
    private static string WithoutElongation(string text) => Elongation().Replace(text, "$1");

    [System.Text.RegularExpressions.GeneratedRegex(@"(\p{L})\1{2,}|(?<=ا)ا+", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex Elongation();

    /// <summary>A pooled character buffer that collapses runs of spaces, so that phrases match across double spaces.</summary>
    private struct CollapsingBuffer : IDisposable
    {
        private char[] _chars;
        private int _length;

        public CollapsingBuffer(int capacity)
        {
            _chars = System.Buffers.ArrayPool<char>.Shared.Rent(capacity);
            _length = 0;
        }

        public readonly char Last => _length == 0 ? '\0' : _chars[_length - 1];

        public void Append(char c)
        {
            if (c != ' ' || _length == 0 || _chars[_length - 1] != ' ')
            {
                _chars[_length++] = c;
            }
        }

        public void Append(ReadOnlySpan<char> text)
        {
            foreach (var c in text)
            {
                Append(c);
            }
        }

        public override readonly string ToString() => new(_chars, 0, _length);

        public void Dispose()
        {
            System.Buffers.ArrayPool<char>.Shared.Return(_chars);
            _chars = [];
        }
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
    public static string MatchForm(string plain)
    {
        ArgumentNullException.ThrowIfNull(plain);
        if (t_lastMatchForm.TryGet(plain, out var form))
        {
            return form;
        }

        form = plain + WithoutParticles(plain).TrimStart() + WithoutClitics(plain).TrimStart();
        t_lastMatchForm.Set(plain, form);
        return form;
    }

    public static int WordCount(string normalized)
    {
        var count = 0;
        foreach (var range in normalized.AsSpan().Split(' '))
        {
            if (range.End.Value > range.Start.Value)
            {
                count++;
            }
        }

        return count;
    }
}
