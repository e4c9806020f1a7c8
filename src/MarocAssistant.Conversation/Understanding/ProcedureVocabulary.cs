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

    /// <summary>
    /// Among a few candidates a somewhat common word still tells one apart ("commerçant" of the self-employed insurance,
    /// "المحكمة" of the correction): only a word of this share of the groups or more says nothing there. Tuned on the dev
    /// conversations on 2026-12-07 (groups 11 (the common share) / 14 / 15 / 16 / 17 / 20 of 35: 0.9201 / 0.9210 /
    /// 0.9214 / 0.9197 / 0.9205 / 0.9201, hijacks 5 up to 17, 6 at 20; test, reported only: 0.8404, then 0.8450 from 14).
    /// </summary>
    private const double PickCommonShare = 0.42;

    // A word keeps a message on a procedure's topic only with three consonants or more: two-consonant skeletons ("rt"
    // of "rate", "td" of "today") match words of many unrelated questions. Dev 0.9300 -> 0.9304, the other sets unchanged.
    private const int TopicSkeletonLength = 3;

    /// <summary>A word of this many groups or more (licence, card, register) is generic: it does not place a question.</summary>
    private const int GenericGroups = 5;

    /// <summary>Shorter words meet too many others by skeleton ("بلي", "لي") to tell candidates apart by title.</summary>
    private const int TitleWordLength = 4;

    private readonly TermExtractor _extractor;
    // Words by record; how many document groups use a word (variants of one document count once).
    private readonly Dictionary<uint, int> _groupCountByTerm = [];
    private readonly Dictionary<string, HashSet<uint>> _termsByRecord = new(StringComparer.Ordinal);
    private readonly Dictionary<uint, int> _groupCountByName = [];
    private readonly Dictionary<string, HashSet<uint>> _namesByRecord = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<uint>> _titlesByRecord = new(StringComparer.Ordinal);
    private readonly int _commonGroups;
    private readonly int _pickCommonGroups;

    public ProcedureVocabulary(ProcedureCorpus corpus, IEnumerable<LabeledQuestion> questions, TermExtractor extractor)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(questions);
        _extractor = extractor ?? throw new ArgumentNullException(nameof(extractor));

        foreach (var record in corpus.Records)
        {
            var terms = _termsByRecord[record.Id] = [];
            var names = _namesByRecord[record.Id] = [];
            var titles = _titlesByRecord[record.Id] = [];
            foreach (var (_, block) in record.Blocks())
            {
                titles.UnionWith(Terms(block.Title, TitleWordLength));
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
                _termsByRecord[record.Id].UnionWith(Terms(question.Text));
            }
        }

        Count(corpus, _termsByRecord, _groupCountByTerm);
        Count(corpus, _namesByRecord, _groupCountByName);

        var groups = corpus.Records.Select(GroupOf).Distinct(StringComparer.Ordinal).Count();
        _commonGroups = Math.Max(GenericGroups + 1, (int)Math.Ceiling(groups * CommonShare));
        _pickCommonGroups = Math.Max(_commonGroups, (int)Math.Ceiling(groups * PickCommonShare));
    }

    private static void Count(ProcedureCorpus corpus, Dictionary<string, HashSet<uint>> termsByRecord, Dictionary<uint, int> groupCount)
    {
        foreach (var group in corpus.Records.GroupBy(GroupOf, StringComparer.Ordinal))
        {
            foreach (var term in group.SelectMany(r => termsByRecord[r.Id]).Distinct())
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

        var groups = candidates.Select(c => _termsByRecord.GetValueOrDefault(c.Id)).OfType<HashSet<uint>>().ToList();
        var names = candidates.Select(c => _namesByRecord.GetValueOrDefault(c.Id)).OfType<HashSet<uint>>().ToList();
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

    /// <summary>
    /// Whether the text uses a word of one of the records' names (titles, aliases) that is not a common word: "how much
    /// is a new toyota" shares no such word with the car tax the search may find for it.
    /// </summary>
    public bool UsesANameOf(string text, IReadOnlyList<ProcedureRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var names = records.Select(r => _namesByRecord.GetValueOrDefault(r.Id)).OfType<HashSet<uint>>().ToList();
        return Terms(text).Any(t => _groupCountByTerm.GetValueOrDefault(t) < _commonGroups && names.Exists(n => n.Contains(t)));
    }

    /// <summary>The records whose names (titles, aliases) use a word of the text, common words included ("taxe").</summary>
    public IReadOnlyList<ProcedureRecord> NamedWith(string text, IEnumerable<ProcedureRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var terms = Terms(text);
        return records.Where(r => _namesByRecord.TryGetValue(r.Id, out var names) && terms.Overlaps(names)).ToList();
    }

    /// <summary>
    /// Whether the text uses a word, not a common one and of three consonants or more, that the records or their
    /// training questions use: "her rabies shot was two weeks ago" during a pet's import does, "any good vets in Gueliz?"
    /// does not.
    /// </summary>
    public bool UsesAWordOf(string text, IReadOnlyList<ProcedureRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var words = records.Select(r => _termsByRecord.GetValueOrDefault(r.Id)).OfType<HashSet<uint>>().ToList();
        return Terms(text, minSkeleton: TopicSkeletonLength).Any(t => _groupCountByTerm.GetValueOrDefault(t) < _commonGroups && words.Exists(w => w.Contains(t)));
    }

    /// <summary>Whether the text has a word that is not a common one ("je dois un document" has none).</summary>
    public bool HasContent(string text) => ContentWords(text) > 0;

    /// <summary>How many words of the text are not common ones.</summary>
    public int ContentWords(string text) => Terms(text).Count(t => _groupCountByTerm.GetValueOrDefault(t) < _commonGroups);

    /// <summary>
    /// The candidate whose own words the message uses and the other candidates' do not, or null: the words of their
    /// names (titles, aliases) first, then all their words. "انا طبيب اسنان اعمل لحسابي الخاص" picks the self-employed
    /// health insurance over AMO Tadamon; "legalize my signature" the signature over the certified copy.
    /// </summary>
    /// <param name="text">The message.</param>
    /// <param name="candidates">The procedures to choose from.</param>
    /// <param name="namesOnly">Only the words of their names: for a message that did not set out to choose.</param>
    public ProcedureRecord? Pick(string text, IReadOnlyList<ProcedureRecord> candidates, bool namesOnly = false)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var all = Terms(text);
        var longWords = Terms(text, TitleWordLength);
        foreach (var vocabulary in namesOnly ? [_namesByRecord] : new[] { _namesByRecord, _termsByRecord })
        {
            // A common word in a candidate's title still tells it apart: "certificat" of "certificat de nationalité"
            // against the naturalisation. Common words of aliases do not ("نتسجل" of one AMO's alias).
            var terms = all.Where(t => _groupCountByTerm.GetValueOrDefault(t) < _pickCommonGroups
                || (vocabulary == _namesByRecord && longWords.Contains(t) && candidates.Any(c => _titlesByRecord.GetValueOrDefault(c.Id)?.Contains(t) == true))).ToList();
            ProcedureRecord? best = null;
            int bestScore = 0, secondScore = 0;
            foreach (var candidate in candidates)
            {
                var own = vocabulary.GetValueOrDefault(candidate.Id);
                var others = candidates.Where(c => c.Id != candidate.Id).Select(c => vocabulary.GetValueOrDefault(c.Id)).OfType<HashSet<uint>>().ToList();
                var score = own is null ? 0 : terms.Count(t => own.Contains(t) && !others.Exists(o => o.Contains(t)));
                if (score > bestScore)
                {
                    (secondScore, bestScore, best) = (bestScore, score, candidate);
                }
                else if (score > secondScore)
                {
                    secondScore = score;
                }
            }

            if (best is not null && bestScore > secondScore)
            {
                return best;
            }
        }

        return null;
    }

    private static string GroupOf(ProcedureRecord record) =>
        string.IsNullOrEmpty(record.Variant.Group) ? record.Id : record.Variant.Group;

    /// <summary>One term per content word: its consonant skeleton, or the word itself when it has none.</summary>
    /// <param name="text">The message.</param>
    /// <param name="minLength">Shorter words are left out.</param>
    /// <param name="minSkeleton">Words whose consonant skeleton is shorter are left out.</param>
    private HashSet<uint> Terms(string text, int minLength = 2, int minSkeleton = 0)
    {
        var terms = new HashSet<uint>();
        Span<char> buffer = stackalloc char[TermExtractor.SkeletonBufferLength];
        foreach (var token in TextNormalizer.Tokenize(text))
        {
            if (token.Script == TokenScript.Number || token.HasDigits || token.Text.Length < minLength || StopWords.Contains(token.Text))
            {
                continue;
            }

            var skeleton = _extractor.SkeletonOf(token, buffer);
            if (skeleton.Length < minSkeleton)
            {
                continue;
            }

            terms.Add(skeleton.Length >= 2 ? TermExtractor.Hash(TermView.Skeleton, skeleton) : TermExtractor.Hash(TermView.Word, token.Text));
        }

        return terms;
    }
}
