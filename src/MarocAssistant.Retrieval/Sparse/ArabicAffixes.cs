namespace MarocAssistant.Retrieval.Sparse;

/// <summary>
/// The forms an Arabic-script word may take once the particles glued to it are removed: prepositions and
/// conjunctions in front (و ف ب ل ك, Darija "ف" + "ل" before a French loanword: "فلانابيك"), a possessive or object
/// pronoun behind (ي ك ه ها و نا كم هم: "سفري", "بطاقتي", "ديالها"), with a ta marbuta restored before a pronoun
/// ("بطاقت" → "بطاقه", the normalised "بطاقة"). Each form is also given with the article, the way lexicon forms are
/// often written. Words are in <see cref="Language.Normalization.TextNormalizer"/> form (ة written ه).
/// </summary>
internal static class ArabicAffixes
{
    private const int MinStem = 3;

    // Longest first, so that "فل" is tried before "ف".
    private static readonly string[] Prefixes = ["وال", "فال", "بال", "كال", "لل", "وف", "وب", "ول", "فل", "بل", "و", "ف", "ب", "ل", "ك"];

    private static readonly string[] Suffixes = ["كم", "هم", "ها", "نا", "ي", "ك", "ه", "و"];

    /// <summary>The variants of a word other than itself, most likely first; empty for short words.</summary>
    public static IEnumerable<string> Variants(string word)
    {
        if (word.Length < MinStem + 1)
        {
            yield break;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal) { word };
        foreach (var core in Cores(word))
        {
            foreach (var form in WithArticle(core))
            {
                if (seen.Add(form))
                {
                    yield return form;
                }
            }

            foreach (var suffix in Suffixes)
            {
                if (core.Length - suffix.Length < MinStem || !core.EndsWith(suffix, StringComparison.Ordinal))
                {
                    continue;
                }

                var stem = core[..^suffix.Length];
                stem = stem[^1] == 'ت' ? stem[..^1] + "ه" : stem;
                foreach (var form in WithArticle(stem))
                {
                    if (seen.Add(form))
                    {
                        yield return form;
                    }
                }
            }
        }
    }

    // The word itself, then without each glued prefix that leaves a stem.
    private static IEnumerable<string> Cores(string word)
    {
        yield return word;
        foreach (var prefix in Prefixes)
        {
            if (word.Length - prefix.Length >= MinStem && word.StartsWith(prefix, StringComparison.Ordinal))
            {
                yield return prefix.EndsWith("ال", StringComparison.Ordinal) || prefix == "لل" ? "ال" + word[prefix.Length..] : word[prefix.Length..];
            }
        }
    }

    private static IEnumerable<string> WithArticle(string stem)
    {
        yield return stem;
        if (!stem.StartsWith("ال", StringComparison.Ordinal))
        {
            yield return "ال" + stem;
        }
        else if (stem.Length - 2 >= MinStem)
        {
            yield return stem[2..];
        }
    }
}
