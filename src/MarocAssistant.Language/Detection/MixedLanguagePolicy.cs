namespace MarocAssistant.Language.Detection;

/// <summary>
/// Decides the secondary language of a code-switched message from the model's verdicts on its single words
/// (or short runs of words). Each word the model gives to another label with probability at least
/// <see cref="WordConfidence"/> adds that probability to the label's evidence. A word in another script than the
/// primary language is telling on its own; words in the primary's own script need more evidence, because single
/// loanwords ("rendez-vous" in Darija) are ordinary in chat.
/// </summary>
public sealed record MixedLanguagePolicy
{
    public float WordConfidence { get; init; } = 0.7f;

    /// <summary>Evidence needed for a label written in the primary language's script.</summary>
    public float SameScriptEvidence { get; init; } = 1.5f;

    /// <summary>Evidence needed for a label written in another script.</summary>
    public float OtherScriptEvidence { get; init; } = 0.5f;

    /// <summary>
    /// Evidence needed between Darija and Standard Arabic in Arabic script: they share most words, and greetings
    /// such as "السلام عليكم" look Standard inside any Darija message.
    /// </summary>
    public float DialectEvidence { get; init; } = 2.7f;

    // The shares below keep one confident run of words from flagging a long message: the absolute thresholds alone
    // flagged 6% of monolingual dev lines (most of them Darija with a Standard-looking stretch), these 0.6%, for the
    // same number of code-switched lines found (see models/MODELS.md).

    /// <summary>Share of the message's words the secondary language must hold when written in the primary's script.</summary>
    public float SameScriptShare { get; init; } = 0.15f;

    /// <summary>Share of the message's words the secondary language must hold when written in another script.</summary>
    public float OtherScriptShare { get; init; } = 0.1f;

    /// <summary>
    /// Share of the message's words needed between Darija and Standard Arabic: half. Darija routinely carries Standard
    /// administrative phrases ("البطاقة الوطنية", "الوثائق المطلوبة"); only a message that is half one, half the other is mixed.
    /// </summary>
    public float DialectShare { get; init; } = 0.5f;

    /// <summary>
    /// Returns the secondary label index, or -1. <paramref name="rows"/> holds one probability vector per word row
    /// (labels in model order); <paramref name="wordCounts"/> says how many words each row covers.
    /// </summary>
    public int Secondary(int primary, ReadOnlySpan<float> rows, ReadOnlySpan<int> wordCounts, IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var count = labels.Count;
        Span<float> evidence = stackalloc float[count];
        var words = 0;
        for (var r = 0; r < wordCounts.Length; r++)
        {
            words += wordCounts[r];
            var p = rows.Slice(r * count, count);
            var best = 0;
            for (var c = 1; c < count; c++)
            {
                if (p[c] > p[best])
                {
                    best = c;
                }
            }

            if (best != primary && p[best] >= WordConfidence)
            {
                evidence[best] += p[best] * wordCounts[r];
            }
        }

        var secondary = -1;
        for (var c = 0; c < count; c++)
        {
            var (needed, share) = IsArabicPair(labels[c], labels[primary]) ? (DialectEvidence, DialectShare)
                : ScriptOf(labels[c]) == ScriptOf(labels[primary]) ? (SameScriptEvidence, SameScriptShare)
                : (OtherScriptEvidence, OtherScriptShare);
            if (evidence[c] >= needed && evidence[c] >= share * words && (secondary < 0 || evidence[c] > evidence[secondary]))
            {
                secondary = c;
            }
        }

        return secondary;
    }

    private static bool IsArabicPair(string a, string b) =>
        (a, b) is (LanguageLabels.DarijaArabic, LanguageLabels.StandardArabic) or (LanguageLabels.StandardArabic, LanguageLabels.DarijaArabic);

    private static char ScriptOf(string label) => label switch
    {
        LanguageLabels.DarijaArabic or LanguageLabels.StandardArabic => 'A',
        LanguageLabels.TamazightTifinagh => 'T',
        _ => 'L',
    };
}
