namespace MarocAssistant.Retrieval.Sparse;

/// <summary>
/// Per-thread working collections for encoding one query, so that a search does not allocate them each time.
/// <c>Take…</c> hands over this thread's spare (or a new one) and leaves the slot empty, so a nested call gets its
/// own; <c>Return</c> clears it and keeps it for the next call on whatever thread returns it. Never share what
/// <c>Take…</c> gave across threads, and do not keep it after <c>Return</c>.
/// </summary>
internal static class ThreadScratch
{
    /// <summary>Larger collections (a pasted essay) are dropped rather than kept for the thread's lifetime.</summary>
    private const int MaxKeptCount = 4096;

    [ThreadStatic]
    private static List<(uint Term, TermView View)>? _terms;

    [ThreadStatic]
    private static Dictionary<uint, float>? _termWeights;

    [ThreadStatic]
    private static Dictionary<long, float>? _bucketWeights;

    public static List<(uint Term, TermView View)> TakeTerms()
    {
        var terms = _terms ?? new List<(uint Term, TermView View)>(64);
        _terms = null;
        return terms;
    }

    public static void Return(List<(uint Term, TermView View)> terms)
    {
        if (terms.Count <= MaxKeptCount)
        {
            terms.Clear();
            _terms = terms;
        }
    }

    public static Dictionary<uint, float> TakeTermWeights()
    {
        var bag = _termWeights ?? new Dictionary<uint, float>(256);
        _termWeights = null;
        return bag;
    }

    public static void Return(Dictionary<uint, float> bag)
    {
        if (bag.Count <= MaxKeptCount)
        {
            bag.Clear();
            _termWeights = bag;
        }
    }

    public static Dictionary<long, float> TakeBucketWeights()
    {
        var bag = _bucketWeights ?? new Dictionary<long, float>(256);
        _bucketWeights = null;
        return bag;
    }

    public static void Return(Dictionary<long, float> bag)
    {
        if (bag.Count <= MaxKeptCount)
        {
            bag.Clear();
            _bucketWeights = bag;
        }
    }
}
