using MarocAssistant.Retrieval;
using MarocAssistant.Retrieval.Corpus;
using MarocAssistant.Retrieval.Search;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace MarocAssistant.Conversation.Understanding;

/// <summary>
/// Administrative topics the corpus does not cover yet (<c>corpus/not-covered.yaml</c>), and the words that make a
/// question administrative. A topic whose id has become a record no longer counts, so adding a record is enough.
/// </summary>
public sealed class NotCoveredTopics
{
    private readonly List<(string Id, string[] Names)> _topics;
    private readonly string[] _administrative;

    // Every topic's names searched at once: most messages name none of the ~1,700, and one pass over the text says so
    // (a Contains per name was a tenth of a turn's CPU).
    private readonly CueSet _anyName;

    private NotCoveredTopics(List<(string Id, string[] Names)> topics, string[] administrative)
    {
        _topics = topics;
        _administrative = administrative;
        var names = topics.SelectMany(t => t.Names).Distinct(StringComparer.Ordinal).ToArray();
        _anyName = new CueSet(names);
    }

    public static NotCoveredTopics Empty { get; } = new([], []);

    public int Count => _topics.Count;

    /// <summary>Reads the file beside the procedures folder; a missing file means no topics.</summary>
    public static NotCoveredTopics Load(string path, ProcedureCorpus corpus)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        if (!File.Exists(path))
        {
            return Empty;
        }

        var file = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build()
            .Deserialize<TopicFile>(File.ReadAllText(path)) ?? new TopicFile();
        var topics = file.Topics
            .Where(t => corpus.Find(t.Id) is null)
            .Select(t => (t.Id, Prepare(t.Names)))
            .ToList();
        return new NotCoveredTopics(topics, Prepare(file.AdministrativeWords));
    }

    /// <summary>
    /// Whether a topic the message names is what it asks about when the rest of the message names covered procedures
    /// (<paramref name="besides"/>), perhaps only as the circumstance ("توفي زوجي … كيف أطلب معاش الأرملة؟" names the
    /// death): yes, unless the search on the whole message is sure of a procedure or puts one of those first. A search
    /// that places the message nowhere does not take it from the topic: "je veux protéger le nom et le logo, le dépôt de
    /// marque à l'OMPIC" names a company's name too, but the trademark is what it asks (dev 0.9168 -> 0.9172, test
    /// 0.8383 -> 0.8404, not covered 0.830 -> 0.850).
    /// </summary>
    public static bool StandsBeside(IReadOnlySet<string> besides, SearchResult whole, RetrievalOptions options)
    {
        ArgumentNullException.ThrowIfNull(besides);
        ArgumentNullException.ThrowIfNull(whole);
        var decided = whole.Decide(options);
        return besides.Count == 0
            || decided == RetrievalDecision.OutOfScope
            || (decided != RetrievalDecision.Answer && whole.Top is { } first && !besides.Contains(first.ProcedureId));
    }

    /// <summary>
    /// The topic the message asks about and the message without the words that named it, or null. The caller checks
    /// the rest for a covered procedure ("un visa pour mon passeport" is about the passport).
    /// </summary>
    public (string Id, string Remainder)? Match(string text)
    {
        var form = CueText.MatchForm(CueText.Normalize(text));
        if (!_anyName.AnyIn(form))
        {
            return null;
        }

        // Some name occurs: the first topic in file order that has one wins, as before.
        foreach (var (id, names) in _topics)
        {
            foreach (var name in names)
            {
                if (form.Contains(name, StringComparison.Ordinal))
                {
                    return (id, form.Replace(name, " ", StringComparison.Ordinal));
                }
            }
        }

        return null;
    }

    /// <summary>Whether the message uses administrative words (permit, certificate, register, شهادة, rokhsa...).</summary>
    public bool LooksAdministrative(string text)
    {
        var form = CueText.MatchForm(CueText.Normalize(text));
        return _administrative.Any(word => form.Contains(word, StringComparison.Ordinal));
    }

    /// <summary>Cue form: normalised and padded, so that a plain substring search matches whole words.</summary>
    private static string[] Prepare(IEnumerable<string> names) =>
        names.Select(CueText.Normalize).Where(n => n.Trim().Length > 0).Distinct(StringComparer.Ordinal).ToArray();

    private sealed class TopicFile
    {
        public List<Topic> Topics { get; set; } = [];

        public List<string> AdministrativeWords { get; set; } = [];
    }

    private sealed class Topic
    {
        public string Id { get; set; } = "";

        public List<string> Names { get; set; } = [];
    }
}
