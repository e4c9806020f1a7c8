namespace MarocAssistant.Language.Normalization;

/// <summary>
/// The consonant skeleton of a normalised Arabic-script word, where spellings that drift meet: the article and
/// prepositions fused with it are removed, long-vowel letters and hamza are dropped (except a first letter),
/// letters that Arabizi cannot tell apart are merged (ض/ذ→د, ط/ث→ت, ص→س, ظ→ز, ح→ه), and doubled letters
/// collapse. <c>الباسبور</c> and transliterated <c>lbasbor</c> both give <c>بسبر</c>; <c>البطاقة</c> and
/// <c>lbita9a</c> both give <c>بتقه</c>.
/// </summary>
public static class ArabicSkeleton
{
    /// <summary>The longest skeleton kept: longer words are cut.</summary>
    public const int MaxLength = 256;

    /// <summary>The skeleton, or the empty string when nothing is left.</summary>
    public static string Of(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        Span<char> buffer = stackalloc char[MaxLength];
        return new string(Of(word, buffer));
    }

    /// <summary>
    /// The skeleton written into <paramref name="buffer"/> (at least <see cref="MaxLength"/> characters, not
    /// overlapping <paramref name="word"/>), without allocating; empty when nothing is left.
    /// </summary>
    public static ReadOnlySpan<char> Of(ReadOnlySpan<char> word, Span<char> buffer)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buffer.Length, MaxLength, nameof(buffer));
        var start = PrefixLength(word);
        var output = buffer[..Math.Min(word.Length, MaxLength)];
        var length = 0;
        var last = '\0';
        for (var i = start; i < word.Length && length < output.Length; i++)
        {
            var c = Merge(word[i]);
            if (length > 0 && c is 'ا' or 'و' or 'ي' or 'ء')
            {
                continue;
            }

            if (c == 'ء')
            {
                continue;
            }

            if (c == last)
            {
                continue;
            }

            output[length++] = c;
            last = c;
        }

        return output[..length];
    }

    private static int PrefixLength(ReadOnlySpan<char> word)
    {
        if (word.Length >= 5 && word[1] == 'ا' && word[2] == 'ل' && word[0] is 'و' or 'ف' or 'ب' or 'ك')
        {
            return 3;
        }

        if (word.Length >= 4 && word[0] == 'ل' && word[1] == 'ل')
        {
            return 2;
        }

        if (word.Length >= 4 && word[0] == 'ا' && word[1] == 'ل')
        {
            return 2;
        }

        return 0;
    }

    private static char Merge(char c) => c switch
    {
        'ض' or 'ذ' => 'د',
        'ط' or 'ث' => 'ت',
        'ص' => 'س',
        'ظ' => 'ز',
        'ح' => 'ه',
        'ى' => 'ي',
        'ة' => 'ه',
        _ => c,
    };
}
