namespace MarocAssistant.Retrieval.Sparse;

/// <summary>
/// The forms a Latin-script Darija word may take once the particles glued in front of it are removed: the article
/// ("lmobacher", "el", "al"), a preposition or conjunction with or without it ("flbaladiya", "blbasbor", "wlkarta",
/// "dlwlad"), and the article assimilated as a doubled first letter ("dda3m", "ssijil"). Each form is also given with
/// the article, the way lexicon forms are often written ("lbasbor"). Words are in
/// <see cref="Language.Normalization.TextNormalizer"/> form (lower case, no accents).
/// </summary>
internal static class ArabiziAffixes
{
    private const int MinStem = 3;

    // Longest first, so that "fl" is tried before "f".
    private static readonly string[] Prefixes = ["wal", "wel", "fel", "bel", "del", "wl", "fl", "bl", "dl", "al", "el", "w", "f", "b", "d", "l"];

    /// <summary>
    /// The variants of a word other than itself, most likely first; empty for short words. A form may come twice (it is
    /// only looked up), which spares a set per word on every message.
    /// </summary>
    public static IEnumerable<string> Variants(string word)
    {
        if (word.Length < MinStem + 1)
        {
            yield break;
        }

        foreach (var prefix in Prefixes)
        {
            if (word.Length - prefix.Length < MinStem || !word.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var form in WithArticle(word[prefix.Length..]))
            {
                yield return form;
            }
        }

        // "dda3m", "ttasjil": the article said as a doubled consonant.
        if (word[0] == word[1] && char.IsLetter(word[0]) && word[0] is not ('a' or 'e' or 'i' or 'o' or 'u'))
        {
            foreach (var form in WithArticle(word[1..]))
            {
                yield return form;
            }
        }
    }

    private static IEnumerable<string> WithArticle(string stem)
    {
        yield return stem;
        if (stem[0] != 'l')
        {
            yield return "l" + stem;
        }
    }
}
