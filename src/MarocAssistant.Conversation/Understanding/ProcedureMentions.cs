using MarocAssistant.Language.Normalization;
using MarocAssistant.Retrieval.Corpus;
using MarocAssistant.Retrieval.Sparse;

namespace MarocAssistant.Conversation.Understanding;

/// <summary>
/// Which procedures a message names, by the concepts of the retrieval lexicon (<c>corpus/lexicon/terms.tsv</c>) that
/// the records' titles and aliases use: "lbasbor" names the passport records, "السجل العدلي" the criminal record.
/// A concept shared by procedures of three or more document groups ("lost", "certificate", "fees") names none:
/// it says what the citizen wants done, not which document. This is the positive evidence a message needs to move
/// the conversation away from the procedure in focus; a message that names nothing is a follow-up.
/// </summary>
public sealed class ProcedureMentions
{
    /// <summary>A concept used by this many variant groups or more is a generic word, not a procedure's name.</summary>
    private const int MaxGroupsPerNamingConcept = 5;

    private readonly SparseEncoder _sparse;
    private readonly Dictionary<int, List<string>> _recordsByConcept = [];
    private readonly Dictionary<string, HashSet<int>> _contextByRecord = new(StringComparer.Ordinal);

    /// <param name="corpus">The procedures.</param>
    /// <param name="sparse">The retrieval's query encoder, whose lexicon gives the concepts.</param>
    /// <param name="notNames">Lexicon concepts that never name a procedure (places and institutions such as
    /// <c>consulate</c> or <c>police</c>: "can I renew it at the consulate?" is still about the passport).</param>
    public ProcedureMentions(ProcedureCorpus corpus, SparseEncoder sparse, IEnumerable<string>? notNames = null)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        _sparse = sparse ?? throw new ArgumentNullException(nameof(sparse));
        var excluded = (notNames ?? []).ToHashSet(StringComparer.Ordinal);

        // In how many languages each record's title uses each concept.
        var languagesByConcept = new Dictionary<int, Dictionary<string, int>>();
        // A consular variant is never named by the document's name: the citizen's situation selects it (AbroadVariants).
        foreach (var record in corpus.Records.Where(r => !Dialog.AbroadVariants.IsAbroad(r)))
        {
            // What the record asks for and where it sends the citizen: "do I need a residence certificate?" during a
            // CNIE renewal names a document of the renewal, not a new procedure.
            var context = record.Blocks().SelectMany(b => b.Block.Documents.Concat(b.Block.Steps));
            _contextByRecord[record.Id] = Concepts(string.Join(" . ", context)).ToHashSet();

            foreach (var concept in record.Blocks().SelectMany(b => Concepts(b.Block.Title)))
            {
                if (excluded.Contains(_sparse.Lexicon.NameOf(concept)))
                {
                    continue;
                }

                var counts = languagesByConcept.TryGetValue(concept, out var c) ? c : languagesByConcept[concept] = [];
                counts[record.Id] = counts.GetValueOrDefault(record.Id) + 1;
            }
        }

        foreach (var (concept, counts) in languagesByConcept)
        {
            // A concept names the records whose titles use it in (almost) every language the best one does: "البطاقة"
            // names the identity card, not "البطاقة رقم 3" (the criminal record's Arabic title) or the disability card.
            var threshold = Math.Max(1, counts.Values.Max() - 1);
            var ids = counts.Where(kv => kv.Value >= threshold).Select(kv => kv.Key).ToList();
            var groups = ids.Select(id => corpus.Find(id)!).Select(r => string.IsNullOrEmpty(r.Variant.Group) ? r.Id : r.Variant.Group).Distinct().Count();
            if (groups <= MaxGroupsPerNamingConcept)
            {
                _recordsByConcept[concept] = ids;
            }
        }
    }

    /// <summary>
    /// The ids of the procedures the message names (empty when it names none). With a procedure in focus, a name that
    /// the focus's own documents or steps use counts as the focus.
    /// </summary>
    public IReadOnlySet<string> Named(string text, string? focusId = null)
    {
        var named = new HashSet<string>(StringComparer.Ordinal);
        var context = focusId is not null && _contextByRecord.TryGetValue(focusId, out var c) ? c : null;
        foreach (var concept in MessageConcepts(text))
        {
            if (!_recordsByConcept.TryGetValue(concept, out var ids))
            {
                continue;
            }

            if (context is not null && context.Contains(concept) && !ids.Contains(focusId!))
            {
                named.Add(focusId!);
                continue;
            }

            named.UnionWith(ids);
        }

        return named;
    }

    // A turn asks what the same message names several times (a refusal pressed, a hand-off asked, the follow-up rules):
    // the concepts of the last message looked at on this thread are kept.
    [ThreadStatic]
    private static LastOnThread<(ProcedureMentions Owner, int[] Concepts)> t_lastMessage;

    private int[] MessageConcepts(string text)
    {
        if (t_lastMessage.TryGet(text, out var last) && ReferenceEquals(last.Owner, this))
        {
            return last.Concepts;
        }

        // A message keeps a concept named by a written form anywhere in it; the titles keep the first match of each.
        var concepts = Concepts(text, preferWritten: true).ToArray();
        t_lastMessage.Set(text, (this, concepts));
        return concepts;
    }

    // Only concepts named by one of their written forms: a match by consonant skeleton alone is too loose to move a
    // conversation ("maroc" and "marge" share one through transliteration).
    private IEnumerable<int> Concepts(string text, bool preferWritten = false) =>
        _sparse.Lexicon.Match(TextNormalizer.Tokenize(text), _sparse.Extractor, preferWritten).Where(m => m.MatchedForm >= 0).Select(m => m.Concept).Distinct();
}
