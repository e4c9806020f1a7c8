using MarocAssistant.Language.Normalization;

namespace MarocAssistant.Retrieval.Sparse;

/// <summary>
/// Concepts named in several languages and scripts (<c>corpus/lexicon/terms.tsv</c>:
/// <c>concept&lt;TAB&gt;fr&lt;TAB&gt;ar&lt;TAB&gt;ary&lt;TAB&gt;ary_latn&lt;TAB&gt;en</c>, variants separated by <c>|</c>).
/// A question that names a concept in one form is expanded with its other forms, so "lbasbor" also searches
/// "passeport" and "جواز السفر". Immutable and thread-safe once loaded.
/// </summary>
public sealed class Lexicon
{
    private const int MinSkeletonMatch = 3;

    private readonly Dictionary<string, List<(string[] Words, int Concept)>> _byFirstWord = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> _bySkeleton = new(StringComparer.Ordinal);
    private readonly List<Concept> _concepts = [];
    private readonly Dictionary<string, List<int>>.AlternateLookup<ReadOnlySpan<char>> _bySkeletonSpan;

    private Lexicon()
    {
        _bySkeletonSpan = _bySkeleton.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public static Lexicon Empty { get; } = new();

    public int ConceptCount => _concepts.Count;

    public IReadOnlyList<string> ConceptNames => _concepts.Select(c => c.Name).ToList();

    /// <summary>Reads the lexicon file; a missing file gives an empty lexicon.</summary>
    public static Lexicon Load(string path, TermExtractor extractor)
    {
        ArgumentNullException.ThrowIfNull(extractor);
        if (!File.Exists(path))
        {
            return Empty;
        }

        var rows = new List<(string Name, List<string> Variants)>();
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line) || line[0] == '#')
            {
                continue;
            }

            var cells = line.Split('\t');
            if (cells[0].Trim() == "concept" || cells.Length < 2)
            {
                continue;
            }

            var variants = cells.Skip(1)
                .SelectMany(c => c.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                .Distinct(StringComparer.Ordinal)
                .ToList();
            rows.Add((cells[0].Trim(), variants));
        }

        return Build(rows, extractor);
    }

    public static Lexicon Build(IEnumerable<(string Name, List<string> Variants)> rows, TermExtractor extractor)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(extractor);
        var lexicon = new Lexicon();
        foreach (var (name, variants) in rows)
        {
            var index = lexicon._concepts.Count;
            var forms = new List<(string[] Words, (uint Term, TermView View)[] Terms)>();
            foreach (var variant in variants)
            {
                var tokens = TextNormalizer.Tokenize(variant);
                if (tokens.Count == 0)
                {
                    continue;
                }

                var words = tokens.Select(t => t.Text).ToArray();
                // Expansions add whole words and skeletons only: n-grams of forms the citizen did not write are noise.
                var terms = new List<(uint Term, TermView View)>();
                extractor.Extract(tokens, terms);
                forms.Add((words, terms.Where(t => t.View is TermView.Word or TermView.Skeleton).ToArray()));
                if (!lexicon._byFirstWord.TryGetValue(words[0], out var list))
                {
                    lexicon._byFirstWord[words[0]] = list = [];
                }

                list.Add((words, index));
                if (tokens.Count == 1 && !StopWords.Contains(words[0]))
                {
                    var skeleton = extractor.SkeletonOf(tokens[0]);
                    if (skeleton.Length >= MinSkeletonMatch)
                    {
                        if (!lexicon._bySkeleton.TryGetValue(skeleton, out var concepts))
                        {
                            lexicon._bySkeleton[skeleton] = concepts = [];
                        }

                        if (!concepts.Contains(index))
                        {
                            concepts.Add(index);
                        }
                    }
                }
            }

            lexicon._concepts.Add(new Concept(name, forms));
        }

        // Longest variants first, so "carte nationale" wins over "carte".
        foreach (var list in lexicon._byFirstWord.Values)
        {
            list.Sort((a, b) => b.Words.Length.CompareTo(a.Words.Length));
        }

        return lexicon;
    }

    /// <summary>The concepts a question names, each with the form it used (-1 when matched by skeleton).</summary>
    /// <param name="tokens">The question's tokens.</param>
    /// <param name="extractor">Gives the skeletons.</param>
    /// <param name="preferWritten">A written form found after a skeleton match of the same concept replaces it ("lwarata
    /// ... lirata": the heirs by skeleton, then the inheritance by name); otherwise a concept keeps its first match, as
    /// the records' titles are read to decide which concepts name which procedure.</param>
    public List<(int Concept, int MatchedForm)> Match(IReadOnlyList<TextToken> tokens, TermExtractor extractor, bool preferWritten = false)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(extractor);
        var found = new List<(int, int)>();
        if (_concepts.Count == 0)
        {
            return found;
        }

        Span<char> buffer = stackalloc char[TermExtractor.SkeletonBufferLength];
        var i = 0;
        while (i < tokens.Count)
        {
            // The word as written first; a word that names nothing is tried again without the prepositions glued in
            // front and, in Arabic script, the pronoun glued behind ("فلانابيك" → "لانابيك", "سفري" → "سفر", "بطاقتي" →
            // "بطاقة"; "flbaladiya" → "lbaladiya", "dda3m" → "da3m").
            var length = MatchAt(tokens, i, tokens[i].Text, exactOnly: true, found, preferWritten);
            if (length == 0 && tokens[i].Script is TokenScript.Arabic or TokenScript.Latin)
            {
                foreach (var variant in Variants(tokens[i]))
                {
                    if ((length = MatchAt(tokens, i, variant, exactOnly: false, found, preferWritten)) > 0)
                    {
                        break;
                    }
                }
            }

            if (length > 0)
            {
                i += length;
                continue;
            }

            if (!StopWords.Contains(tokens[i].Text))
            {
                var skeleton = extractor.SkeletonOf(tokens[i], buffer);
                if (!AddSkeleton(skeleton, found) && tokens[i].Script == TokenScript.Arabic)
                {
                    foreach (var variant in ArabicAffixes.Variants(tokens[i].Text))
                    {
                        if (AddSkeleton(ArabicSkeleton.Of(variant, buffer), found))
                        {
                            break;
                        }
                    }
                }
            }

            i++;
        }

        return found;
    }

    /// <summary>
    /// Adds the forms of the named concepts to a query bag, each form down-weighted (weights per view are applied
    /// by <paramref name="viewWeight"/>). The concept's bag is merged once and cached (two threads racing only merge it
    /// twice), so expansion costs one pass over an array.
    /// </summary>
    public void Expand(List<(int Concept, int MatchedForm)> matches, Dictionary<uint, float> bag, float weight, Func<TermView, float> viewWeight)
    {
        ArgumentNullException.ThrowIfNull(matches);
        ArgumentNullException.ThrowIfNull(bag);
        ArgumentNullException.ThrowIfNull(viewWeight);
        foreach (var (conceptIndex, _) in matches)
        {
            var concept = _concepts[conceptIndex];
            var expansion = concept.Expansion;
            if (expansion is null || expansion.Weight != weight)
            {
                expansion = concept.Expansion = Merge(concept, weight, viewWeight);
            }

            for (var i = 0; i < expansion.Terms.Length; i++)
            {
                ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(bag, expansion.Terms[i], out _);
                slot += expansion.Weights[i];
            }
        }
    }

    private static ExpansionBag Merge(Concept concept, float weight, Func<TermView, float> viewWeight)
    {
        // Many variants must not outweigh the words the citizen actually wrote.
        var perForm = concept.Forms.Count == 0 ? 0 : weight / MathF.Sqrt(concept.Forms.Count);
        var merged = new Dictionary<uint, float>();
        foreach (var form in concept.Forms)
        {
            foreach (var (term, view) in form.Terms)
            {
                merged[term] = merged.GetValueOrDefault(term) + (perForm * viewWeight(view));
            }
        }

        return new ExpansionBag(weight, merged.Keys.ToArray(), merged.Values.ToArray());
    }

    public string NameOf(int concept) => _concepts[concept].Name;

    /// <summary>
    /// Matches a form starting with <paramref name="first"/> (the token at <paramref name="i"/> or a variant of it) and
    /// records its concept; returns how many tokens it covers, 0 when none. Following words must match exactly, or
    /// (when <paramref name="exactOnly"/> is false) through one of their affix variants.
    /// </summary>
    private int MatchAt(IReadOnlyList<TextToken> tokens, int i, string first, bool exactOnly, List<(int, int)> found, bool preferWritten)
    {
        if (!_byFirstWord.TryGetValue(first, out var candidates))
        {
            return 0;
        }

        foreach (var (words, concept) in candidates)
        {
            if (i + words.Length > tokens.Count || StopWords.Contains(words[0]) && words.Length == 1)
            {
                continue;
            }

            var all = true;
            for (var j = 1; j < words.Length && all; j++)
            {
                var token = tokens[i + j];
                all = token.Text == words[j] || !exactOnly && Variants(token).Contains(words[j]);
            }

            if (all)
            {
                AddOnce(found, concept, FormIndex(concept, words), preferWritten);
                return words.Length;
            }
        }

        // A following word may carry a glued pronoun or preposition: "جواز سفري" is "جواز سفر".
        return !exactOnly || tokens.Count == i + 1 ? 0 : MatchAt(tokens, i, first, exactOnly: false, found, preferWritten);
    }

    // A word's forms without the particles glued to it, in its own script's way.
    private static IEnumerable<string> Variants(TextToken token) => token.Script switch
    {
        TokenScript.Arabic => ArabicAffixes.Variants(token.Text),
        TokenScript.Latin => ArabiziAffixes.Variants(token.Text),
        _ => [],
    };

    private bool AddSkeleton(ReadOnlySpan<char> skeleton, List<(int, int)> found)
    {
        if (skeleton.Length < MinSkeletonMatch || !_bySkeletonSpan.TryGetValue(skeleton, out var concepts))
        {
            return false;
        }

        foreach (var concept in concepts)
        {
            AddOnce(found, concept, -1, preferWritten: false);
        }

        return true;
    }

    private int FormIndex(int concept, string[] words)
    {
        var forms = _concepts[concept].Forms;
        for (var f = 0; f < forms.Count; f++)
        {
            if (forms[f].Words.AsSpan().SequenceEqual(words))
            {
                return f;
            }
        }

        return -1;
    }

    // A concept is listed once; with preferWritten, a written form found after a skeleton match replaces it.
    private static void AddOnce(List<(int, int)> found, int concept, int form, bool preferWritten)
    {
        for (var i = 0; i < found.Count; i++)
        {
            var (c, f) = found[i];
            if (c == concept)
            {
                if (preferWritten && f < 0 && form >= 0)
                {
                    found[i] = (concept, form);
                }

                return;
            }
        }

        found.Add((concept, form));
    }

    private sealed record Concept(string Name, List<(string[] Words, (uint Term, TermView View)[] Terms)> Forms)
    {
        public ExpansionBag? Expansion { get; set; }
    }

    private sealed record ExpansionBag(float Weight, uint[] Terms, float[] Weights);
}
