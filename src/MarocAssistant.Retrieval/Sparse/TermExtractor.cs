using MarocAssistant.Language.Normalization;

namespace MarocAssistant.Retrieval.Sparse;

/// <summary>
/// Turns text into hashed terms in four views (word, skeleton, n-grams of each). The same code runs on documents
/// and queries, so both sides always agree. Terms are 32-bit FNV-1a hashes of the view and the characters:
/// no string is allocated per n-gram, and the hash is the sparse dimension id in every backend.
/// </summary>
public sealed class TermExtractor
{
    private const int MinGramWord = 3;

    public TermExtractor(ArabiziTransliterator transliterator, int gramSize = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(gramSize, 2);
        Transliterator = transliterator;
        GramSize = gramSize;
    }

    public ArabiziTransliterator Transliterator { get; }

    public int GramSize { get; }

    /// <summary>Appends the terms of a text.</summary>
    public void Extract(string text, List<(uint Term, TermView View)> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        var tokens = new List<TextToken>();
        TextNormalizer.Tokenize(text, tokens);
        Extract(tokens, into);
    }

    /// <summary>Appends the terms of already normalised tokens.</summary>
    public void Extract(IReadOnlyList<TextToken> tokens, List<(uint Term, TermView View)> into)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(into);
        foreach (var token in tokens)
        {
            if (token.Script == TokenScript.Number || token.Text.Length < 2 || StopWords.Contains(token.Text))
            {
                continue;
            }

            into.Add((Hash(TermView.Word, token.Text), TermView.Word));
            AddGrams(TermView.Gram, token.Text, into);
            var skeleton = SkeletonOf(token);
            if (skeleton.Length >= 2)
            {
                into.Add((Hash(TermView.Skeleton, skeleton), TermView.Skeleton));
                AddGrams(TermView.SkeletonGram, skeleton, into);
            }
        }
    }

    /// <summary>The skeleton of a token: Arabic directly, Latin through Arabizi transliteration.</summary>
    public string SkeletonOf(TextToken token) => token.Script switch
    {
        TokenScript.Arabic => ArabicSkeleton.Of(token.Text),
        TokenScript.Latin => ArabicSkeleton.Of(Transliterator.Transliterate(token.Text)),
        _ => "",
    };

    public static uint Hash(TermView view, ReadOnlySpan<char> text)
    {
        var hash = 2166136261u;
        hash = (hash ^ (byte)view) * 16777619u;
        foreach (var c in text)
        {
            hash = (hash ^ (c & 0xFFu)) * 16777619u;
            hash = (hash ^ ((uint)c >> 8)) * 16777619u;
        }

        return hash;
    }

    private void AddGrams(TermView view, string word, List<(uint Term, TermView View)> into)
    {
        if (word.Length < MinGramWord - 1)
        {
            return;
        }

        // Boundary marks make prefixes and suffixes their own n-grams ("<pa", "rt>").
        Span<char> padded = stackalloc char[Math.Min(word.Length + 2, 130)];
        var length = Math.Min(word.Length, padded.Length - 2);
        padded[0] = '<';
        word.AsSpan(0, length).CopyTo(padded[1..]);
        padded[length + 1] = '>';
        padded = padded[..(length + 2)];
        for (var i = 0; i + GramSize <= padded.Length; i++)
        {
            into.Add((Hash(view, padded.Slice(i, GramSize)), view));
        }
    }
}
