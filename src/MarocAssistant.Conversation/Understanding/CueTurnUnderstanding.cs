using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace MarocAssistant.Conversation.Understanding;

/// <summary>
/// Understands a message from the editable cue lists in <c>Understanding/cues.yaml</c>: refusals first, then asking
/// for a person, starting again, a language choice, feedback and small talk (only for short messages made of such
/// words), and finally which part of a procedure a question is about.
/// </summary>
public sealed class CueTurnUnderstanding : ITurnUnderstanding
{
    /// <summary>Small talk is only small talk when the message is this short.</summary>
    private const int SmallTalkMaxWords = 6;

    private readonly string[] _refuse;
    private readonly string[] _handoff;
    private readonly string[] _restart;
    private readonly string[] _help;
    private readonly HashSet<string> _greeting;
    private readonly HashSet<string> _thanksWords;
    private readonly string[] _thanks;
    private readonly string[] _positive;
    private readonly string[] _negative;
    private readonly List<(string Label, string[] Cues)> _languages;
    private readonly List<(Facet Facet, string[] Cues)> _facets;
    private readonly List<(string Kind, string[] Cues)> _variants;

    public CueTurnUnderstanding(string cuesPath)
    {
        var file = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build().Deserialize<CueFile>(File.ReadAllText(cuesPath))
            ?? throw new InvalidOperationException("Empty cue file: " + cuesPath);
        _refuse = Prepare(file.Refuse);
        _handoff = Prepare(file.Handoff);
        _restart = Prepare(file.Restart);
        _help = Prepare(file.Help);
        _greeting = Prepare(file.Greeting).Select(c => c.Trim()).ToHashSet(StringComparer.Ordinal);
        _thanks = Prepare(file.Thanks);
        _thanksWords = _thanks.SelectMany(c => c.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToHashSet(StringComparer.Ordinal);
        _positive = Prepare(file.FeedbackPositive);
        _negative = Prepare(file.FeedbackNegative);
        _languages = file.Languages.Select(p => (p.Key, Prepare(p.Value))).ToList();
        _facets = file.Facets.Select(p => (ParseFacet(p.Key), Prepare(p.Value))).ToList();
        _variants = file.Variants.Select(p => (p.Key, Prepare(p.Value))).ToList();
    }

    /// <summary>The cue file shipped next to the binaries.</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "Understanding", "cues.yaml");

    public TurnUnderstanding Understand(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normalized = CueText.Normalize(text);
        var words = CueText.WordCount(normalized);
        var isShort = words <= SmallTalkMaxWords;

        TurnUnderstanding Is(TurnIntent intent, string? language = null) => new(intent, Facet.None, language, words);

        if (AnyIn(normalized, _refuse))
        {
            return Is(TurnIntent.Refuse);
        }

        if (AnyIn(normalized, _handoff))
        {
            return Is(TurnIntent.Handoff);
        }

        if (isShort && AnyIn(normalized, _restart))
        {
            return Is(TurnIntent.Restart);
        }

        if (words <= 3)
        {
            foreach (var (label, cues) in _languages)
            {
                if (AnyIn(normalized, cues))
                {
                    return Is(TurnIntent.ChooseLanguage, label);
                }
            }

            if (AnyIn(normalized, _negative))
            {
                return Is(TurnIntent.FeedbackNegative);
            }

            if (AnyIn(normalized, _positive))
            {
                return Is(TurnIntent.FeedbackPositive);
            }
        }

        if (isShort)
        {
            var tokens = normalized.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (AnyIn(normalized, _thanks) && tokens.All(t => _thanksWords.Contains(t) || _greeting.Contains(t)))
            {
                return Is(TurnIntent.Thanks);
            }

            if (tokens.Length > 0 && tokens.All(_greeting.Contains))
            {
                return Is(TurnIntent.Greeting);
            }

            if (AnyIn(normalized, _help) && words <= 5)
            {
                return Is(TurnIntent.Help);
            }
        }

        var variant = _variants.FirstOrDefault(v => AnyIn(normalized, v.Cues)).Kind;
        foreach (var (facet, cues) in _facets)
        {
            if (AnyIn(normalized, cues))
            {
                return new TurnUnderstanding(TurnIntent.Question, facet, null, words, variant);
            }
        }

        return new TurnUnderstanding(TurnIntent.Question, Facet.None, null, words, variant);
    }

    private static bool AnyIn(string normalized, string[] cues)
    {
        foreach (var cue in cues)
        {
            if (normalized.Contains(cue, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static string[] Prepare(IEnumerable<string>? cues) =>
        (cues ?? []).Select(CueText.Normalize).Where(c => c.Trim().Length > 0).Distinct(StringComparer.Ordinal).ToArray();

    private static Facet ParseFacet(string key) => key switch
    {
        "fees" => Facet.Fees,
        "documents" => Facet.Documents,
        "where" => Facet.Where,
        "delay" => Facet.Delay,
        "online" => Facet.Online,
        "validity" => Facet.Validity,
        "next_step" => Facet.NextStep,
        "steps" => Facet.Steps,
        _ => throw new InvalidOperationException("Unknown facet in cues.yaml: " + key),
    };

    private sealed class CueFile
    {
        public List<string> Greeting { get; set; } = [];

        public List<string> Thanks { get; set; } = [];

        public List<string> Help { get; set; } = [];

        public List<string> Handoff { get; set; } = [];

        public List<string> Restart { get; set; } = [];

        public List<string> FeedbackPositive { get; set; } = [];

        public List<string> FeedbackNegative { get; set; } = [];

        public List<string> Refuse { get; set; } = [];

        public Dictionary<string, List<string>> Facets { get; set; } = [];

        public Dictionary<string, List<string>> Languages { get; set; } = [];

        public Dictionary<string, List<string>> Variants { get; set; } = [];
    }
}
