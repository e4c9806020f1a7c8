namespace MarocAssistant.Language.LangId;

/// <summary>Reusable per-thread storage for one message's features; no allocation once created.</summary>
public sealed class LangIdFeatureBuffer
{
    public LangIdFeatureBuffer(LangIdFeatureExtractor extractor)
    {
        ArgumentNullException.ThrowIfNull(extractor);
        Ids = new long[extractor.MaxFeatures];
        Groups = new byte[extractor.MaxFeatures];
        Words = new short[extractor.MaxFeatures];
        Text = new char[extractor.Settings.MaxChars];
        WordStarts = new int[extractor.MaxWords];
        WordLengths = new int[extractor.MaxWords];
    }

    public long[] Ids { get; }

    public byte[] Groups { get; }

    /// <summary>The word each feature belongs to, or <see cref="LangIdFeatureExtractor.MessageLevel"/>.</summary>
    public short[] Words { get; }

    public int Count { get; private set; }

    public char[] Text { get; }

    public int TextLength { get; internal set; }

    public int[] WordStarts { get; }

    public int[] WordLengths { get; }

    public int WordCount { get; internal set; }

    public ReadOnlySpan<char> Word(int index) => Text.AsSpan(WordStarts[index], WordLengths[index]);

    internal void Reset(LangIdFeatureExtractor extractor)
    {
        if (Ids.Length < extractor.MaxFeatures || Text.Length < extractor.Settings.MaxChars)
        {
            throw new ArgumentException("This buffer was sized for other feature settings.", nameof(extractor));
        }

        Count = 0;
        TextLength = 0;
        WordCount = 0;
    }

    internal void Add(long id, byte group, short word)
    {
        Ids[Count] = id;
        Groups[Count] = group;
        Words[Count] = word;
        Count++;
    }
}
