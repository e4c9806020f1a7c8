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

    /// <summary>"السلام عليكم واش كاين شي حد هنا؟" with its greeting is still only checking someone is there.</summary>
    private const int PresenceMaxWords = 8;

    /// <summary>"is this a bot or a real person answering?" is still small talk at this length.</summary>
    private const int BotQuestionMaxWords = 10;

    /// <summary>"wach you speak english?" asks for a language at this length.</summary>
    private const int SpeakQuestionMaxWords = 7;

    /// <summary>How many words after "me demande" name the paper asked for: enough for "un certificat de vie", not the rest.</summary>
    private const int AskedForWords = 5;

    private readonly CueList _refuse;
    private readonly CueList _handoff;
    private readonly CueList _restart;
    private readonly CueList _help;
    private readonly CueList _bot;
    private readonly CueList _wants;
    private readonly CueList _speak;
    private readonly HashSet<string> _greeting;
    private readonly string[] _greetingPhrases;
    private readonly HashSet<string> _thanksWords;
    private readonly CueList _thanks;
    private readonly HashSet<string> _acknowledge;
    private readonly CueList _abroad;
    private readonly CueList _travel;
    private readonly CueList _residence;
    private readonly List<(string Fuel, CueList Cues)> _fuels;
    private readonly string[] _ageUnits;
    private readonly string[] _powerUnits;
    private readonly HashSet<string> _durations;
    private readonly CueList _positive;
    private readonly CueList _negative;
    private readonly List<(string Label, CueList Cues)> _languages;
    private readonly List<(Facet Facet, CueList Cues)> _facets;
    private readonly List<(string Kind, CueList Cues)> _variants;
    private readonly CueList _requirement;
    private readonly CueList _newNeed;
    private readonly CueList _sequence;
    private readonly CueList _presence;
    private readonly HashSet<string> _demonstratives;
    private readonly HashSet<string> _handoffAlone;
    private readonly HashSet<string> _handoffFiller;
    private readonly CueList _insist;
    private readonly CueList _forThem;
    private readonly CueList _dishonest;
    private readonly CueList _inMyPlace;
    private readonly CueList _exam;
    private readonly HashSet<string> _askedFor;
    private readonly CueList _everyday;
    private readonly CueList _pointsAtFocus;
    private readonly CueList _personWords;
    private readonly CueList _contactData;
    private readonly CueList _thirdParties;
    private readonly CueList _snoop;
    private readonly CueList _contactVerbs;
    private readonly CueList _personVerbs;
    private readonly CueList _negativePhrases;

    public CueTurnUnderstanding(string cuesPath)
    {
        var file = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build().Deserialize<CueFile>(File.ReadAllText(cuesPath))
            ?? throw new InvalidOperationException("Empty cue file: " + cuesPath);
        _refuse = new CueList(Prepare(file.Refuse));
        _handoff = new CueList(Prepare(file.Handoff));
        _restart = new CueList(Prepare(file.Restart));
        _help = new CueList(Prepare(file.Help));
        _bot = new CueList(Prepare(file.Bot));
        _wants = new CueList(Prepare(file.Wants));
        _speak = new CueList(Prepare(file.Speak));
        _greeting = WordSet(file.Greeting);
        // Padded with spaces like the text, so that a phrase is replaced as whole words; longest first, so that "il y a
        // quelqu'un" goes whole before "y a quelqu'un" could leave "il".
        _greetingPhrases = _greeting.Where(c => c.Contains(' ', StringComparison.Ordinal)).OrderByDescending(c => c.Length).Select(c => " " + c + " ").ToArray();
        _thanks = new CueList(Prepare(file.Thanks));
        _thanksWords = _thanks.Cues.SelectMany(c => c.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToHashSet(StringComparer.Ordinal);
        _acknowledge = WordSet(file.Acknowledge);
        _abroad = new CueList(Prepare(file.Abroad));
        _travel = new CueList(Prepare(file.Travel));
        _residence = new CueList(Prepare(file.Residence));
        _fuels = file.Fuels.Select(p => (p.Key, new CueList(Prepare(p.Value)))).ToList();
        _ageUnits = Prepare(file.AgeUnits).Select(c => c.Trim()).ToArray();
        _powerUnits = Prepare(file.PowerUnits).Select(c => c.Trim()).ToArray();
        _durations = WordSet(file.Durations);
        _positive = new CueList(Prepare(file.FeedbackPositive));
        _negative = new CueList(Prepare(file.FeedbackNegative));
        _languages = file.Languages.Select(p => (p.Key, new CueList(Prepare(p.Value)))).ToList();
        _facets = file.Facets.Select(p => (ParseFacet(p.Key), new CueList(Prepare(p.Value)))).ToList();
        _variants = file.Variants.Select(p => (p.Key, new CueList(Prepare(p.Value)))).ToList();
        _requirement = new CueList(Prepare(file.Requirement));
        _newNeed = new CueList(Prepare(file.NewNeed));
        _sequence = new CueList(Prepare(file.Sequence));
        _presence = new CueList(Prepare(file.Presence));
        _demonstratives = WordSet(file.Demonstratives);
        _askedFor = WordSet(file.AskedFor);
        _handoffAlone = WordSet(file.HandoffAlone);
        _handoffFiller = WordSet(file.HandoffFiller);
        _insist = new CueList(Prepare(file.Insist));
        _forThem = new CueList(Prepare(file.ForThem));
        _dishonest = new CueList(Prepare(file.Dishonest));
        _inMyPlace = new CueList(Prepare(file.InMyPlace));
        _exam = new CueList(Prepare(file.Exam));
        _everyday = new CueList(Prepare(file.Everyday));
        _pointsAtFocus = new CueList(Prepare(file.PointsAtFocus));
        _personWords = new CueList(Prepare(file.PersonWords));
        _contactData = new CueList(Prepare(file.ContactData));
        _thirdParties = new CueList(Prepare(file.ThirdParties));
        _snoop = new CueList(Prepare(file.Snoop));
        _contactVerbs = new CueList(Prepare(file.ContactVerbs));
        _personVerbs = new CueList(Prepare(file.PersonVerbs));
        // Phrases of several words ("hadchi ghalat", "c'est pas ça") say it in a longer message too; one word does not.
        _negativePhrases = new CueList(_negative.Cues.Where(c => c.Trim().Contains(' ', StringComparison.Ordinal)).ToArray());
        NotProcedureNames = file.NotProcedureNames;
    }

    /// <summary>Lexicon concepts that name places or institutions, never a procedure (for <see cref="ProcedureMentions"/>).</summary>
    public IReadOnlyList<string> NotProcedureNames { get; private init; } = [];

    /// <summary>The cue file shipped next to the binaries.</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "Understanding", "cues.yaml");

    public TurnUnderstanding Understand(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var plain = CueText.Normalize(text);
        var normalized = CueText.MatchForm(plain);
        var words = CueText.WordCount(plain);
        var isShort = words <= SmallTalkMaxWords;

        TurnUnderstanding Is(TurnIntent intent, string? language = null) => new(intent, Facet.None, language, words);

        // Someone else's record, address or number: "je veux savoir si mon voisin a un casier judiciaire".
        if (AnyIn(normalized, _refuse) || (AnyIn(normalized, _thirdParties) && AnyIn(normalized, _snoop)))
        {
            return Is(TurnIntent.Refuse);
        }

        // A phone number to reach the administration is a hand-off (it gives the administration's contact); any other
        // number asked for is someone's personal data.
        if (AnyIn(normalized, _contactData))
        {
            return Is(AnyIn(normalized, _personWords) || AnyIn(normalized, _contactVerbs) ? TurnIntent.Handoff : TurnIntent.Refuse);
        }

        // "t'es un robot ou une vraie personne ?" asks what the assistant is; "parler à une vraie personne, pas un robot"
        // or "bghit n3iyet 3la chi wa7ed, ma bghitch robot" asks for a person.
        if (words <= BotQuestionMaxWords && AnyIn(normalized, _bot) && !TalksOrCalls(normalized))
        {
            return Is(AnyIn(normalized, _wants) && AnyIn(normalized, _personWords) ? TurnIntent.Handoff : TurnIntent.Help);
        }

        if (AnyIn(normalized, _handoff))
        {
            return Is(TurnIntent.Handoff);
        }

        // "واش كاين شي حد هنا؟" checks someone is listening; "kayn chi 7ad nhder m3ah?" asks for a person.
        if (words <= PresenceMaxWords && AnyIn(normalized, _presence) && !TalksOrCalls(normalized) && !AnyIn(normalized, _wants))
        {
            return Is(TurnIntent.Presence);
        }

        if (isShort && AnyIn(normalized, _restart))
        {
            return Is(TurnIntent.Restart);
        }

        if (words <= 3 || (words <= SpeakQuestionMaxWords && AnyIn(normalized, _speak)))
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

        if (isShort && AnyIn(normalized, _negativePhrases))
        {
            return Is(TurnIntent.FeedbackNegative);
        }

        var tokens = plain.Split(' ', StringSplitOptions.RemoveEmptyEntries);

        // "conseiller svp", "un humain", "operator": a person named alone is asked for.
        if (isShort && tokens.Any(_handoffAlone.Contains) && tokens.All(t => _handoffAlone.Contains(t) || _handoffFiller.Contains(t) || IsSocial(t)))
        {
            return Is(TurnIntent.Handoff);
        }

        TurnIntent? social = null;
        if (isShort)
        {
            if (AnyIn(normalized, _thanks) && tokens.All(IsSocial))
            {
                return Is(TurnIntent.Thanks);
            }

            if (tokens.Length > 0 && (tokens.All(_greeting.Contains) || OnlyGreetings(plain)))
            {
                return Is(TurnIntent.Greeting);
            }

            if (tokens.Length > 0 && tokens.All(IsSocial) && tokens.Any(_acknowledge.Contains))
            {
                return Is(TurnIntent.Acknowledge);
            }

            if (AnyIn(normalized, _help))
            {
                return Is(TurnIntent.Help);
            }

            social = AnyIn(normalized, _thanks) ? TurnIntent.Thanks
                : tokens.Any(_acknowledge.Contains) ? TurnIntent.Acknowledge
                : tokens.Any(_greeting.Contains) ? TurnIntent.Greeting
                : null;
        }

        // Greetings and thanks around a question are no part of what it asks: "bjr pour le permis svp".
        var substance = tokens.Any(IsSocial) ? string.Join(' ', tokens.Where(t => !IsSocial(t))) : text;
        var situation = ReadSituation(tokens, normalized);
        var variant = situation.VariantKind;
        var movesOn = AnyIn(normalized, _newNeed);
        var asked = Facet.None;
        foreach (var (facet, cues) in _facets)
        {
            // "And then I need X" is not "what next?".
            if ((facet != Facet.NextStep || !movesOn) && AnyIn(normalized, cues))
            {
                asked = facet;
                break;
            }
        }

        return new TurnUnderstanding(TurnIntent.Question, asked, null, words, variant)
        {
            Situation = situation,
            AsksRequirement = AnyIn(normalized, _requirement),
            MovesOn = movesOn,
            SpeaksOfOrder = AnyIn(normalized, _sequence),
            Insists = AnyIn(normalized, _insist),
            NeverAdministrative = AnyIn(normalized, _everyday),
            PointsAtFocus = AnyIn(normalized, _pointsAtFocus),
            ForSomeoneElse = AnyIn(normalized, _forThem),
            HintsDishonesty = AnyIn(normalized, _dishonest) || (AnyIn(normalized, _inMyPlace) && AnyIn(normalized, _exam)),
            AsksForPerson = words <= 12 && AnyIn(normalized, _personWords) && AnyIn(normalized, _personVerbs),
            SocialKind = social,
            Substance = substance.Length > 0 ? substance : plain,
            WithoutPointedAt = WithoutPointedAt(tokens),
            AskedFor = AskedFor(tokens),
        };
    }

    /// <summary>Whether the message is greetings only, phrases included: "allo? y a qq1?", "salam, wach kayn chi wa7ed".</summary>
    private bool OnlyGreetings(string plain)
    {
        var rest = plain;
        var found = false;
        foreach (var phrase in _greetingPhrases)
        {
            if (rest.Contains(phrase, StringComparison.Ordinal))
            {
                rest = rest.Replace(phrase, " ", StringComparison.Ordinal);
                found = true;
            }
        }

        return found && rest.Split(' ', StringSplitOptions.RemoveEmptyEntries).All(_greeting.Contains);
    }

    /// <summary>The message without each demonstrative and the word it points at ("هاد البطاقة"), or null when it has none.</summary>
    private string? WithoutPointedAt(string[] tokens)
    {
        if (!tokens.Any(_demonstratives.Contains))
        {
            return null;
        }

        var kept = new List<string>(tokens.Length);
        for (var i = 0; i < tokens.Length; i++)
        {
            if (_demonstratives.Contains(tokens[i]))
            {
                i++;
                continue;
            }

            kept.Add(tokens[i]);
        }

        return string.Join(' ', kept);
    }

    /// <summary>The few words after the first one of someone asking for a paper ("un certificat de vie sinon ils"), or null.</summary>
    private string? AskedFor(string[] tokens)
    {
        var at = Array.FindIndex(tokens, _askedFor.Contains);
        return at < 0 || at == tokens.Length - 1 ? null : string.Join(' ', tokens[(at + 1)..Math.Min(tokens.Length, at + 1 + AskedForWords)]);
    }

    /// <summary>A word of greeting, thanks or acknowledgement.</summary>
    private bool IsSocial(string token) => _thanksWords.Contains(token) || _greeting.Contains(token) || _acknowledge.Contains(token);

    /// <summary>
    /// The citizen's situation in this message: the variant words, an age ("8 ans", "عندو 8 سنين", "14 year old"),
    /// living abroad, a vehicle's fuel and fiscal power ("diesel 6 chevaux").
    /// </summary>
    private Situation ReadSituation(string[] tokens, string normalized)
    {
        var age = NumberBefore(tokens, _ageUnits, max: 120, _durations);
        // "My daughter is 18 now": a son or daughter of age is not a minor.
        var kind = _variants.FirstOrDefault(v => (v.Kind != "minor" || age is not >= 18) && AnyIn(normalized, v.Cues)).Kind;
        var country = AnyIn(normalized, _abroad);
        var travel = country && AnyIn(normalized, _travel);
        var residence = country && AnyIn(normalized, _residence);
        return new Situation
        {
            VariantKind = kind,
            Age = age,
            // "bghit ndir visa l france" goes there and lives here; "je vis en France et je vais voyager" lives there.
            Abroad = country && (!travel || residence),
            GoesAbroad = travel && !residence,
            Fuel = _fuels.FirstOrDefault(f => AnyIn(normalized, f.Cues)).Fuel,
            FiscalPower = NumberBefore(tokens, _powerUnits, max: 60),
        };
    }

    /// <summary>
    /// A number written right before one of the units ("8 ans", "6 cv"), or glued to it ("6cv"); not when one of
    /// <paramref name="durations"/> (one or two words) comes before it or right after the unit: "depuis 5 ans", "il y a
    /// 5 ans", "5 years ago" tell a time, not an age.
    /// </summary>
    private static int? NumberBefore(string[] tokens, string[] units, int max, HashSet<string>? durations = null)
    {
        for (var i = 0; i < tokens.Length; i++)
        {
            var token = tokens[i];
            var digits = 0;
            while (digits < token.Length && char.IsAsciiDigit(token[digits]))
            {
                digits++;
            }

            if (digits == 0 || digits > 3)
            {
                continue;
            }

            var glued = token[digits..];
            var unit = glued.Length > 0 ? glued : i + 1 < tokens.Length ? tokens[i + 1] : "";
            if (Array.IndexOf(units, unit) >= 0 && int.TryParse(token.AsSpan(0, digits), out var value) && value <= max
                && !(durations is not null && TellsATime(tokens, i, glued.Length > 0 ? i + 1 : i + 2, durations)))
            {
                return value;
            }
        }

        return null;
    }

    private static bool TellsATime(string[] tokens, int number, int afterUnit, HashSet<string> durations) =>
        (number > 0 && durations.Contains(tokens[number - 1]))
        || (number > 1 && durations.Contains($"{tokens[number - 2]} {tokens[number - 1]}"))
        || (afterUnit < tokens.Length && durations.Contains(tokens[afterUnit]));

    private static bool AnyIn(string normalized, CueList cues) => cues.AnyIn(normalized);

    // A verb of talking to or calling someone: the message asks for a person ("kayn chi 7ad nhder m3ah?", "is this a bot?
    // I want to call someone").
    private bool TalksOrCalls(string normalized) => AnyIn(normalized, _personVerbs) || AnyIn(normalized, _contactVerbs);

    /// <summary>
    /// One list of cues in their prepared form, searched all at once (a message is checked against a few hundred cues
    /// per turn): true when any of them occurs in the text, as a plain ordinal substring search of each would say.
    /// </summary>
    private sealed class CueList
    {
        private readonly CueSet _set;

        public CueList(string[] cues)
        {
            Cues = cues;
            _set = new CueSet(cues);
        }

        public string[] Cues { get; }

        public bool AnyIn(string normalized) => _set.AnyIn(normalized);
    }

    // Cues looked up as whole tokens (or, for greetings, whole phrases) of the message rather than searched in it.
    private static HashSet<string> WordSet(IEnumerable<string>? cues) => Prepare(cues).Select(c => c.Trim()).ToHashSet(StringComparer.Ordinal);

    // A cue ending in '*' matches the start of a word ("tsra9*": tsra9t, tsra9at, tsra9 lia), for verbs whose endings vary.
    private static string[] Prepare(IEnumerable<string>? cues) =>
        (cues ?? [])
            .Select(c => c.EndsWith('*') ? CueText.Normalize(c[..^1]).TrimEnd() : CueText.Normalize(c))
            .Where(c => c.Trim().Length > 0)
            .Distinct(StringComparer.Ordinal)
            .ToArray();

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

        public List<string> Acknowledge { get; set; } = [];

        public List<string> Abroad { get; set; } = [];

        public List<string> Travel { get; set; } = [];

        public List<string> Residence { get; set; } = [];

        public List<string> AgeUnits { get; set; } = [];

        public List<string> PowerUnits { get; set; } = [];

        public List<string> Durations { get; set; } = [];

        public Dictionary<string, List<string>> Fuels { get; set; } = [];

        public List<string> NotProcedureNames { get; set; } = [];

        public List<string> Help { get; set; } = [];

        public List<string> Bot { get; set; } = [];

        public List<string> Wants { get; set; } = [];

        public List<string> Speak { get; set; } = [];

        public List<string> Handoff { get; set; } = [];

        public List<string> Restart { get; set; } = [];

        public List<string> FeedbackPositive { get; set; } = [];

        public List<string> FeedbackNegative { get; set; } = [];

        public List<string> Refuse { get; set; } = [];

        public List<string> ContactData { get; set; } = [];

        public List<string> ThirdParties { get; set; } = [];

        public List<string> Snoop { get; set; } = [];

        public List<string> ContactVerbs { get; set; } = [];

        public Dictionary<string, List<string>> Facets { get; set; } = [];

        public Dictionary<string, List<string>> Languages { get; set; } = [];

        public Dictionary<string, List<string>> Variants { get; set; } = [];

        public List<string> Requirement { get; set; } = [];

        public List<string> NewNeed { get; set; } = [];

        public List<string> Sequence { get; set; } = [];

        public List<string> Presence { get; set; } = [];

        public List<string> Demonstratives { get; set; } = [];

        public List<string> AskedFor { get; set; } = [];

        public List<string> PointsAtFocus { get; set; } = [];

        public List<string> HandoffAlone { get; set; } = [];

        public List<string> HandoffFiller { get; set; } = [];

        public List<string> Insist { get; set; } = [];

        public List<string> ForThem { get; set; } = [];

        public List<string> Dishonest { get; set; } = [];

        public List<string> InMyPlace { get; set; } = [];

        public List<string> Exam { get; set; } = [];

        public List<string> Everyday { get; set; } = [];

        public List<string> PersonWords { get; set; } = [];

        public List<string> PersonVerbs { get; set; } = [];
    }
}
