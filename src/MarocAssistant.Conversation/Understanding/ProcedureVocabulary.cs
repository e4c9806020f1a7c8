using MarocAssistant.Language.Normalization;
using MarocAssistant.Retrieval.Corpus;
using MarocAssistant.Retrieval.Sparse;

namespace MarocAssistant.Conversation.Understanding;

/// <summary>
/// The words each document group is asked with: its records in every language and its training questions, compared
/// by consonant skeleton so that spellings and scripts meet ("rokhsa", "رخصة"). It tells a question the candidates
/// answer from one that only shares a generic word with them: "رخصة مرشد سياحي" (a tourist guide's licence) shares
/// "licence" with the driving licence and nothing else, so it is a procedure the corpus does not have.
/// </summary>
public sealed class ProcedureVocabulary
{
    /// <summary>A word used by this share of the document groups or more says nothing (want, how, my...).</summary>
    private const double CommonShare = 0.3;

    /// <summary>A word of this many groups or more (licence, card, register) is generic: it does not place a question.</summary>
    private const int GenericGroups = 5;

    private readonly TermExtractor _extractor;
    private readonly Dictionary<uint, int> _groupCountByTerm = [];
    private readonly Dictionary<string, HashSet<uint>> _termsByGroup = new(StringComparer.Ordinal);
    private readonly Dictionary<uint, int> _groupCountByName = [];
    private readonly Dictionary<string, HashSet<uint>> _namesByGroup = new(StringComparer.Ordinal);
    private readonly int _commonGroups;

    public ProcedureVocabulary(ProcedureCorpus corpus, IEnumerable<LabeledQuestion> questions, TermExtractor extractor)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(questions);
        _extractor = extractor ?? throw new ArgumentNullException(nameof(extractor));

        foreach (var record in corpus.Records)
        {
            var terms = TermsOf(GroupOf(record));
            var names = _namesByGroup.TryGetValue(GroupOf(record), out var n) ? n : _namesByGroup[GroupOf(record)] = [];
            foreach (var (_, block) in record.Blocks())
            {
                names.UnionWith(Terms(block.Title));
                foreach (var alias in block.Aliases)
                {
                    names.UnionWith(Terms(alias));
                }

                terms.UnionWith(Terms(block.Title));
                terms.UnionWith(Terms(block.Summary));
                foreach (var text in block.Aliases.Concat(block.Steps).Concat(block.Documents))
                {
                    terms.UnionWith(Terms(text));
                }
            }
        }

        foreach (var question in questions)
        {
            if (question.ProcedureId is { } id && corpus.Find(id) is { } record)
            {
                TermsOf(GroupOf(record)).UnionWith(Terms(question.Text));
            }
        }

        Count(_termsByGroup, _groupCountByTerm);
        Count(_namesByGroup, _groupCountByName);

        _commonGroups = Math.Max(GenericGroups + 1, (int)Math.Ceiling(_termsByGroup.Count * CommonShare));
    }

    private static void Count(Dictionary<string, HashSet<uint>> termsByGroup, Dictionary<uint, int> groupCount)
    {
        foreach (var terms in termsByGroup.Values)
        {
            foreach (var term in terms)
            {
                groupCount[term] = groupCount.GetValueOrDefault(term) + 1;
            }
        }
    }

    /// <summary>
    /// Whether the message asks about something none of the candidates is about: it has a word that no candidate's
    /// group uses (and that is not a common word), and the only words it shares with them are generic ones.
    /// </summary>
    public bool AsksBeyond(string text, IReadOnlyList<ProcedureRecord> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        if (candidates.Count == 0)
        {
            return false;
        }

        var groups = candidates.Select(c => _termsByGroup.GetValueOrDefault(GroupOf(c))).OfType<HashSet<uint>>().ToList();
        var names = candidates.Select(c => _namesByGroup.GetValueOrDefault(GroupOf(c))).OfType<HashSet<uint>>().ToList();
        var unexplained = 0;
        foreach (var term in Terms(text))
        {
            // A word of a candidate's own name that few documents are named with places the question: "passport".
            if (_groupCountByName.GetValueOrDefault(term) is > 0 and < GenericGroups && names.Exists(g => g.Contains(term)))
            {
                return false;
            }

            var count = _groupCountByTerm.GetValueOrDefault(term);
            if (count >= _commonGroups)
            {
                continue;
            }

            if (groups.Exists(g => g.Contains(term)))
            {
                if (count < GenericGroups)
                {
                    return false;
                }
            }
            else
            {
                unexplained++;
            }
        }

        return unexplained > 0;
    }

    private HashSet<uint> TermsOf(string group) =>
        _termsByGroup.TryGetValue(group, out var terms) ? terms : _termsByGroup[group] = [];

    private static string GroupOf(ProcedureRecord record) =>
        string.IsNullOrEmpty(record.Variant.Group) ? record.Id : record.Variant.Group;

    /// <summary>One term per content word: its consonant skeleton, or the word itself when it has none.</summary>
    private HashSet<uint> Terms(string text)
    {
        var terms = new HashSet<uint>();
        Span<char> buffer = stackalloc char[TermExtractor.SkeletonBufferLength];
        foreach (var token in TextNormalizer.Tokenize(text))
        {
            if (token.Script == TokenScript.Number || token.HasDigits || token.Text.Length < 2 || StopWords.Contains(token.Text))
            {
                continue;
            }

            var skeleton = _extractor.SkeletonOf(token, buffer);
            terms.Add(skeleton.Length >= 2 ? TermExtractor.Hash(TermView.Skeleton, skeleton) : TermExtractor.Hash(TermView.Word, token.Text));
        }

        return terms;
    }
}
