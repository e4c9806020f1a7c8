using System.Globalization;
using System.Numerics;
using System.Text;

namespace MarocAssistant.Language.LangId;

/// <summary>
/// Turns a message into hashed feature ids, CLD3/fastText style: character n-grams of each normalised word with
/// boundary markers, the word itself, and the script of each word. The trainer and the detector both call this
/// one class, so training and inference see the same features by construction.
/// </summary>
/// <remarks>
/// Features come in three groups (n-grams, words, scripts). A row's weights normalise each group separately and add
/// the groups up, so a long word list cannot drown the script evidence. Every feature remembers the word it came
/// from, which lets the detector score single words for the code-switching (mixed) flag with the same model.
/// </remarks>
public sealed class LangIdFeatureExtractor
{
    /// <summary>Version of the normalisation and hashing rules below.</summary>
    public const string SchemeName = "maroc-langid-features/1";

    public const byte NgramGroup = 0;
    public const byte WordGroup = 1;
    public const byte ScriptGroup = 2;
    public const int GroupCount = 3;

    /// <summary>Word index of message-level features (not part of any single word).</summary>
    public const short MessageLevel = -1;

    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;
    private const char BeginMarker = '<';
    private const char EndMarker = '>';

    private static readonly ulong NgramSeed = Seed(1);
    private static readonly ulong WordSeed = Seed(2);
    private static readonly ulong ScriptSeed = Seed(3);

    private readonly ulong _mask;

    public LangIdFeatureExtractor(LangIdFeatureSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Scheme != SchemeName)
        {
            throw new NotSupportedException($"Feature scheme '{settings.Scheme}' is not '{SchemeName}'.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(settings.MinN, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.MaxN, settings.MinN);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(settings.BucketBits, 30);
        Settings = settings;
        _mask = (ulong)settings.Buckets - 1;
        MaxWords = (settings.MaxChars / 2) + 1;

        // Per word of length w: at most (w + 2) n-grams per n, plus the word and two script features.
        MaxFeatures = ((settings.MaxChars + (2 * MaxWords)) * (settings.MaxN - settings.MinN + 1)) + (3 * MaxWords) + 1;
    }

    public LangIdFeatureSettings Settings { get; }

    /// <summary>The most features one message can produce; size buffers with it.</summary>
    public int MaxFeatures { get; }

    public int MaxWords { get; }

    private enum Script
    {
        Other = 0,
        Arabic = 1,
        Latin = 2,
        Tifinagh = 3,
    }

    /// <summary>Extracts the features of <paramref name="text"/> into <paramref name="buffer"/> (cleared first).</summary>
    public void Extract(ReadOnlySpan<char> text, LangIdFeatureBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        buffer.Reset(this);
        if (NeedsComposition(text))
        {
            text = text.ToString().Normalize(NormalizationForm.FormC);
        }

        var length = Normalize(text, buffer.Text, buffer.WordStarts, buffer.WordLengths, out var words);
        buffer.TextLength = length;
        buffer.WordCount = words;
        var scripts = 0;
        for (short k = 0; k < words; k++)
        {
            var word = buffer.Text.AsSpan(buffer.WordStarts[k], buffer.WordLengths[k]);
            scripts |= 1 << (int)AddWord(word, k, buffer);
        }

        if (BitOperations.PopCount((uint)scripts) > 1)
        {
            buffer.Add(Bucket(Mix(ScriptSeed, 'm')), ScriptGroup, MessageLevel);
        }
    }

    /// <summary>Weights for the whole message: each group summed and scaled by 1/sqrt(its size), groups added up.</summary>
    public static void MessageWeights(LangIdFeatureBuffer buffer, Span<float> weights)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        Span<int> counts = stackalloc int[GroupCount];
        for (var i = 0; i < buffer.Count; i++)
        {
            counts[buffer.Groups[i]]++;
        }

        for (var i = 0; i < buffer.Count; i++)
        {
            weights[i] = Norm(counts[buffer.Groups[i]]);
        }
    }

    /// <summary>
    /// Weights for the words <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/> - 1 alone
    /// (zero for every other feature): the message weights the model would see if the message were just those words.
    /// </summary>
    public static void WordRangeWeights(LangIdFeatureBuffer buffer, int first, int count, Span<float> weights)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        var last = first + count - 1;
        Span<int> counts = stackalloc int[GroupCount];
        for (var i = 0; i < buffer.Count; i++)
        {
            if (buffer.Words[i] >= first && buffer.Words[i] <= last)
            {
                counts[buffer.Groups[i]]++;
            }
        }

        for (var i = 0; i < buffer.Count; i++)
        {
            weights[i] = buffer.Words[i] >= first && buffer.Words[i] <= last ? Norm(counts[buffer.Groups[i]]) : 0f;
        }
    }

    // Sum scaled by 1/sqrt(n) rather than the mean: a long message keeps more of its evidence, which separates
    // Darija from Standard Arabic better (dev macro-F1 0.972 with the mean, 0.981 with this).
    private static float Norm(int count) => 1f / MathF.Sqrt(count);

    /// <summary>
    /// Lower-cases, folds Arabic letter variants and apostrophes, drops diacritics, tatweel and numbers, caps runs of a
    /// repeated letter at two, and splits into words. Returns the normalised length; words are separated by one space.
    /// </summary>
    public int Normalize(ReadOnlySpan<char> text, Span<char> output, Span<int> wordStarts, Span<int> wordLengths, out int wordCount)
    {
        var max = Math.Min(output.Length, Settings.MaxChars);
        var length = 0;
        var start = -1;
        var hasLetter = false;
        wordCount = 0;
        foreach (var raw in text)
        {
            var c = Fold(raw);
            if (c == '\0')
            {
                continue;
            }

            var inWord = start >= 0;
            var isWordChar = char.IsLetterOrDigit(c) || (inWord && c is '\'' or '-');
            if (!isWordChar)
            {
                if (inWord)
                {
                    EndWord(output, ref length, ref start, hasLetter, wordStarts, wordLengths, ref wordCount);
                }

                continue;
            }

            if (!inWord)
            {
                if (wordCount == wordStarts.Length || length + (length > 0 ? 2 : 1) > max)
                {
                    break;
                }

                if (length > 0)
                {
                    output[length++] = ' ';
                }

                start = length;
                hasLetter = false;
            }
            else if (length - start >= 2 && output[length - 1] == c && output[length - 2] == c)
            {
                continue; // "salaaaam" → "salaam"
            }

            if (length == max)
            {
                break;
            }

            output[length++] = c;
            hasLetter |= char.IsLetter(c);
        }

        if (start >= 0)
        {
            EndWord(output, ref length, ref start, hasLetter, wordStarts, wordLengths, ref wordCount);
        }

        return length;
    }

    /// <summary>The normalised text, for display and tests.</summary>
    public string NormalizeToString(string text)
    {
        var buffer = new LangIdFeatureBuffer(this);
        Extract(text, buffer);
        return new string(buffer.Text, 0, buffer.TextLength);
    }

    private static void EndWord(Span<char> output, ref int length, ref int start, bool hasLetter, Span<int> starts, Span<int> lengths, ref int count)
    {
        while (length > start && output[length - 1] is '\'' or '-')
        {
            length--;
        }

        if (!hasLetter || length == start)
        {
            // A number or bare punctuation: drop it, with the space before it.
            length = start > 0 ? start - 1 : 0;
        }
        else
        {
            starts[count] = start;
            lengths[count] = length - start;
            count++;
        }

        start = -1;
    }

    private static char Fold(char c)
    {
        if (c < 0x80)
        {
            return c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
        }

        return c switch
        {
            >= '\u064B' and <= '\u065F' or '\u0670' or '\u0640' => '\0', // harakat, dagger alef, tatweel
            >= '\u0300' and <= '\u036F' or '\u200C' or '\u200D' or '\u200E' or '\u200F' or '\uFEFF' => '\0',
            '\u0623' or '\u0625' or '\u0622' or '\u0671' => '\u0627', // alef with hamza/madda/wasla → alef
            '\u0649' => '\u064A', // alef maqsura → ya
            '\u06A9' => '\u0643', // keheh → kaf
            '\u06CC' => '\u064A', // farsi ya → ya
            '\u2019' or '\u2018' or '\u02BC' or '\u00B4' or '\u0060' => '\'',
            '\u03B5' => '\u025B', // Greek epsilon typed for Kabyle ɛ
            '\u2010' or '\u2011' => '-',
            _ => char.ToLowerInvariant(c),
        };
    }

    private static bool NeedsComposition(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is >= '\u0300' and <= '\u036F')
            {
                return true;
            }
        }

        return false;
    }

    private static Script ScriptOf(char c) => c switch
    {
        >= '\u0600' and <= '\u06FF' or >= '\u0750' and <= '\u077F' or >= '\u08A0' and <= '\u08FF' => Script.Arabic,
        >= '\uFB50' and <= '\uFDFF' or >= '\uFE70' and <= '\uFEFF' => Script.Arabic,
        >= '\u2D30' and <= '\u2D7F' => Script.Tifinagh,
        >= 'a' and <= 'z' or >= '\u00C0' and <= '\u02AF' or >= '\u1E00' and <= '\u1EFF' => Script.Latin,
        _ => Script.Other,
    };

    private static ulong Seed(ulong tag) => (FnvOffset ^ tag) * FnvPrime;

    private static ulong Mix(ulong h, char c) => (h ^ c) * FnvPrime;

    // FNV alone leaves the low bits poorly mixed; a 64-bit finaliser (MurmurHash3 fmix64) spreads them.
    private static ulong Finalize(ulong h)
    {
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdUL;
        h ^= h >> 33;
        h *= 0xc4ceb9fe1a85ec53UL;
        h ^= h >> 33;
        return h;
    }

    private long Bucket(ulong h) => (long)(Finalize(h) & _mask);

    private Script AddWord(ReadOnlySpan<char> word, short index, LangIdFeatureBuffer buffer)
    {
        var padded = word.Length + 2;
        for (var i = 0; i < padded; i++)
        {
            var h = NgramSeed;
            for (var n = 1; n <= Settings.MaxN && i + n <= padded; n++)
            {
                var j = i + n - 1;
                h = Mix(h, j == 0 ? BeginMarker : j == padded - 1 ? EndMarker : word[j - 1]);
                if (n < Settings.MinN || (n == 1 && (j == 0 || j == padded - 1)))
                {
                    continue; // a lone boundary marker says nothing
                }

                buffer.Add(Bucket(h), NgramGroup, index);
            }
        }

        var w = WordSeed;
        Span<int> letters = stackalloc int[4];
        var arabiziDigit = false;
        foreach (var c in word)
        {
            w = Mix(w, c);
            letters[(int)ScriptOf(c)]++;
            arabiziDigit |= c is '2' or '3' or '5' or '7' or '8' or '9';
        }

        buffer.Add(Bucket(w), WordGroup, index);

        var script = Script.Other;
        for (var s = Script.Arabic; s <= Script.Tifinagh; s++)
        {
            if (letters[(int)s] > letters[(int)script])
            {
                script = s;
            }
        }

        buffer.Add(Bucket(Mix(ScriptSeed, (char)('0' + (int)script))), ScriptGroup, index);
        if (script == Script.Latin && arabiziDigit)
        {
            buffer.Add(Bucket(Mix(ScriptSeed, 'z')), ScriptGroup, index); // "3afak", "ch7al": Arabizi
        }

        return script;
    }
}
