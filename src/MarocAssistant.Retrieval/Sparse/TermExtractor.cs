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

    /// <summary>The buffer <see cref="SkeletonOf(TextToken, Span{char})"/> needs: a skeleton and a transliteration.</summary>
    public const int SkeletonBufferLength = ArabicSkeleton.MaxLength + ArabiziTransliterator.MaxOutputLength;

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
        Span<char> buffer = stackalloc char[SkeletonBufferLength];
        for (var t = 0; t < tokens.Count; t++)
        {
            var token = tokens[t];
            if (token.Script == TokenScript.Number || token.Text.Length < 2 || StopWords.Contains(token.Text))
            {
                continue;
            }

            into.Add((Hash(TermView.Word, token.Text), TermView.Word));
            AddGrams(TermView.Gram, token.Text, into);
            var skeleton = SkeletonOf(token, buffer);
            if (skeleton.Length >= 2)
            {
                into.Add((Hash(TermView.Skeleton, skeleton), TermView.Skeleton));
                AddGrams(TermView.SkeletonGram, skeleton, into);
            }
        }
    }

    /// <summary>The skeleton of a token: Arabic directly, Latin through Arabizi transliteration.</summary>
    public string SkeletonOf(TextToken token)
    {
        Span<char> buffer = stackalloc char[SkeletonBufferLength];
        return new string(SkeletonOf(token, buffer));
    }

    /// <summary>
    /// <see cref="SkeletonOf(TextToken)"/> without allocating: the skeleton is written into <paramref name="buffer"/>,
    /// at least <see cref="SkeletonBufferLength"/> characters.
    /// </summary>
    public ReadOnlySpan<char> SkeletonOf(TextToken token, Span<char> buffer)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buffer.Length, SkeletonBufferLength, nameof(buffer));
        switch (token.Script)
        {
            case TokenScript.Arabic:
                return ArabicSkeleton.Of(token.Text, buffer);
            case TokenScript.Latin:
                // The transliteration goes in the second half of the buffer, its skeleton in the first.
                var arabic = Transliterator.Transliterate(token.Text, buffer[ArabicSkeleton.MaxLength..]);
                return ArabicSkeleton.Of(arabic, buffer[..ArabicSkeleton.MaxLength]);
            default:
                return [];
        }
    }

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

    private void AddGrams(TermView view, ReadOnlySpan<char> word, List<(uint Term, TermView View)> into)
    {
        if (word.Length < MinGramWord - 1)
        {
            return;
        }

        // Boundary marks make prefixes and suffixes their own n-grams ("<pa", "rt>").
        Span<char> padded = stackalloc char[Math.Min(word.Length + 2, 130)];
        var length = Math.Min(word.Length, padded.Length - 2);
        padded[0] = '<';
        word[..length].CopyTo(padded[1..]);
        padded[length + 1] = '>';
        padded = padded[..(length + 2)];
        for (var i = 0; i + GramSize <= padded.Length; i++)
        {
            into.Add((Hash(view, padded.Slice(i, GramSize)), view));
        }
    }
}
