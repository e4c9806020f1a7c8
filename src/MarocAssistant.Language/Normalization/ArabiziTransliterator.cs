using System.Text;

namespace MarocAssistant.Language.Normalization;

/// <summary>
/// Writes a Latin-script Darija word ("Arabizi") in Arabic script, already normalised, so that
/// <c>lbasbor</c> meets <c>الباسبور</c>. Digits stand for letters (3→ع, 7→ح, 9→ق, 2→ء, 5→خ, 8→ه, 4→غ),
/// digraphs for single letters (ch/sh/x→ش, kh→خ, gh→غ, ou→و), a leading <c>l</c> before a consonant is the
/// article, doubled letters are one letter with shadda, and short vowels are mostly unwritten. Whole-word
/// exceptions and extra rules come from <c>corpus/lexicon/arabizi.tsv</c>. Thread-safe once built.
/// </summary>
public sealed class ArabiziTransliterator
{
    private const int MaxRuleLength = 3;

    /// <summary>The longest transliteration written: longer words are cut.</summary>
    public const int MaxOutputLength = 256;

    private static readonly (string Latin, string Arabic)[] BuiltInRules =
    [
        ("ch", "ش"), ("sh", "ش"), ("kh", "خ"), ("gh", "غ"), ("th", "ت"), ("dh", "ذ"), ("dj", "ج"), ("ph", "ف"),
        ("ou", "و"), ("oo", "و"), ("ee", "ي"),
        ("3", "ع"), ("7", "ح"), ("9", "ق"), ("2", "ء"), ("5", "خ"), ("8", "ه"), ("4", "غ"), ("6", "ط"),
        ("a", "ا"), ("b", "ب"), ("c", "ك"), ("d", "د"), ("e", ""), ("f", "ف"), ("g", "ك"), ("h", "ه"),
        ("i", "ي"), ("j", "ج"), ("k", "ك"), ("l", "ل"), ("m", "م"), ("n", "ن"), ("o", "و"), ("p", "ب"),
        ("q", "ق"), ("r", "ر"), ("s", "س"), ("t", "ت"), ("u", "و"), ("v", "ف"), ("w", "و"), ("x", "ش"),
        ("y", "ي"), ("z", "ز"),
    ];

    private readonly Dictionary<string, string> _rules;
    private readonly Dictionary<string, string> _words;
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _ruleLookup;

    public ArabiziTransliterator()
        : this([], [])
    {
    }

    /// <param name="rules">Extra or overriding letter and digraph rules (Latin → Arabic), at most 3 letters long.</param>
    /// <param name="words">Whole-word exceptions (Latin → Arabic).</param>
    public ArabiziTransliterator(IEnumerable<KeyValuePair<string, string>> rules, IEnumerable<KeyValuePair<string, string>> words)
    {
        _rules = BuiltInRules.ToDictionary(r => r.Latin, r => r.Arabic, StringComparer.Ordinal);
        foreach (var (latin, arabic) in rules)
        {
            // Input is folded to lower case without accents, so case- or accent-marked rules (T→ط, S→ص, é, 3')
            // could only clobber the plain letter's rule: they are skipped.
            var key = NormalizeLatin(latin);
            if (key.Length is > 0 and <= MaxRuleLength && key == latin)
            {
                _rules[key] = NormalizeArabic(arabic);
            }
        }

        _ruleLookup = _rules.GetAlternateLookup<ReadOnlySpan<char>>();
        _words = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (latin, arabic) in words)
        {
            var key = NormalizeLatin(latin);
            if (key.Length > 0)
            {
                _words[key] = NormalizeArabic(arabic);
            }
        }
    }

    /// <summary>The built-in rules only.</summary>
    public static ArabiziTransliterator Default { get; } = new();

    public int ExceptionCount => _words.Count;

    /// <summary>
    /// Reads <c>arabizi.tsv</c> (<c>latin&lt;TAB&gt;arabic&lt;TAB&gt;kind&lt;TAB&gt;note</c>, kind digraph|letter|word,
    /// variants separated by <c>|</c>, <c>#</c> comments, optional header). A missing file gives the built-in rules.
    /// </summary>
    public static ArabiziTransliterator Load(string path)
    {
        if (!File.Exists(path))
        {
            return Default;
        }

        var rules = new List<KeyValuePair<string, string>>();
        var words = new List<KeyValuePair<string, string>>();
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var cells = line.Split('\t');
            if (cells.Length < 3 || cells[0] == "latin")
            {
                continue;
            }

            var arabic = cells[1].Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            if (arabic is null)
            {
                continue;
            }

            var target = cells[2].Trim() == "word" ? words : rules;
            foreach (var latin in cells[0].Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                target.Add(new(latin, arabic));
            }
        }

        return new ArabiziTransliterator(rules, words);
    }

    /// <summary>True when a whole-word exception exists for this (normalised) Latin word.</summary>
    public bool IsException(string latinWord) => _words.ContainsKey(latinWord);

    /// <summary>Transliterates one normalised Latin word (lower case, no accents; see <see cref="TextNormalizer"/>).</summary>
    public string Transliterate(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (_words.TryGetValue(word, out var exception))
        {
            return exception;
        }

        Span<char> buffer = stackalloc char[MaxOutputLength];
        return new string(Transliterate(word, buffer));
    }

    /// <summary>
    /// <see cref="Transliterate(string)"/> without allocating: the result is a whole-word exception or is written
    /// into <paramref name="buffer"/> (at least <see cref="MaxOutputLength"/> characters).
    /// </summary>
    public ReadOnlySpan<char> Transliterate(string word, Span<char> buffer)
    {
        ArgumentNullException.ThrowIfNull(word);
        ArgumentOutOfRangeException.ThrowIfLessThan(buffer.Length, MaxOutputLength, nameof(buffer));
        if (_words.TryGetValue(word, out var exception))
        {
            return exception;
        }

        var output = buffer[..Math.Min(word.Length * 3 + 4, MaxOutputLength)];
        var length = 0;
        var i = 0;

        // The article: "lbasbor", "lkhedma" → ال…; also "fl-", "bl-", "wl-" (in/with/and the).
        if (word.Length >= 3 && IsConsonant(word[1]) && word[1] != 'l' && word[0] == 'l')
        {
            length = Append(output, length, "ال");
            i = 1;
        }
        else if (word.Length >= 4 && word[1] == 'l' && word[0] is 'f' or 'b' or 'w' or 'k' && IsConsonant(word[2]) && word[2] != 'l')
        {
            length = Append(output, length, word[0] switch { 'f' => "فال", 'b' => "بال", 'w' => "وال", _ => "كال" });
            i = 2;
        }

        var last = '\0';
        while (i < word.Length && length < output.Length - MaxRuleLength)
        {
            // Word-final "a" and "at" after a consonant are usually ta marbuta (bita9a → بطاقة, chahadat → شهادة).
            var remaining = word.Length - i;
            if (i > 1 && word[i] == 'a' && IsConsonant(word[i - 1]) && (remaining == 1 || (remaining == 2 && word[i + 1] == 't' && word.Length >= 5)))
            {
                output[length++] = 'ه';
                break;
            }

            // A leading vowel is written with alef ("amo", "ila", "e..."); inside a word "e" is a short vowel.
            if (i == 0 && word[0] is 'a' or 'e' or 'i' or 'o' or 'u')
            {
                output[length++] = 'ا';
                last = 'ا';
                i += word[0] == 'o' && word.Length > 1 && word[1] == 'u' ? 1 : 0;
                i++;
                if (word[0] is 'a' or 'e')
                {
                    continue;
                }

                // "ila", "oumour": the vowel is also long.
                output[length++] = word[0] == 'i' ? 'ي' : 'و';
                last = output[length - 1];
                continue;
            }

            var matched = false;
            for (var size = Math.Min(MaxRuleLength, remaining); size >= 1; size--)
            {
                if (!_ruleLookup.TryGetValue(word.AsSpan(i, size), out var arabic))
                {
                    continue;
                }

                // Doubled letters are shadda: one letter ("mdd" → مد, "ss" → س).
                if (arabic.Length != 1 || arabic[0] != last)
                {
                    length = Append(output, length, arabic);
                }

                if (arabic.Length > 0)
                {
                    last = arabic[^1];
                }

                i += size;
                matched = true;
                break;
            }

            if (!matched)
            {
                // Digits with no rule (0, 1) and anything else are kept as they are.
                output[length++] = word[i];
                last = word[i];
                i++;
            }
        }

        return output[..length];
    }

    private static int Append(Span<char> output, int length, string text)
    {
        text.AsSpan().CopyTo(output[length..]);
        return length + text.Length;
    }

    private static bool IsConsonant(char c) => c is >= 'a' and <= 'z' && c is not ('a' or 'e' or 'i' or 'o' or 'u') || c is '3' or '7' or '9' or '5' or '8' or '4' or '2';

    private static string NormalizeLatin(string text) => string.Concat(TextNormalizer.Tokenize(text).Select(t => t.Text));

    private static string NormalizeArabic(string text)
    {
        var builder = new StringBuilder();
        foreach (var token in TextNormalizer.Tokenize(text))
        {
            builder.Append(token.Text);
        }

        return builder.ToString();
    }
}
