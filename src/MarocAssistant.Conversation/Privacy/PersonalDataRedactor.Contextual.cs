// Over 400 lines: the name and address cue lists in three scripts, kept beside the one scan that reads them.
using System.Buffers;
using System.Collections.Frozen;
using System.Globalization;
using System.Text.RegularExpressions;

namespace MarocAssistant.Conversation.Privacy;

/// <summary>
/// Names and street addresses: personal data that is words, not digits, so it is recognised by its context.
/// A name is the one to four words after a self-introduction cue ("smiti", "je m'appelle", "my name is", "اسمي",
/// "سميتي"; "ana", "je suis", "I am" only before a capitalised name at the start of a sentence or after a greeting),
/// or after one naming someone else ("elle s'appelle", "smitha", "اسمه", "her name is").
/// An address is a street keyword (rue, avenue, bd, derb, zanqa, hay, lot, imm, résidence, appt, شارع، زنقة، درب، حي،
/// عمارة، إقامة) with the number before it and the numbers, markers (n°, rqm, رقم) and up to five name words after
/// it, taken only when it has a number or follows a residence cue ("j'habite", "kansken f", "ساكن في", "adresse :"),
/// so that "la rue principale" or "carte de résidence" stay. A name or an address ends at punctuation, a line end,
/// a number too long for a street, or a word of <see cref="StopWords"/> (function words, common verbs, procedure
/// words of the five languages), so the question that follows is kept for the search.
/// </summary>
public static partial class PersonalDataRedactor
{
    private const int MaxNameWords = 4;
    private const int MaxAddressWords = 5;
    private const int MaxAddressUnits = 10;

    // How far before an address a residence cue is looked for: longer than the longest cue with its connectors.
    private const int ResidenceCueWindow = 96;

    // Cheap pre-checks (any case, anywhere in a word): a text without one of these fragments cannot hold a cue. They
    // are kept in small sets of ASCII fragments of three characters or more, which SearchValues searches with vector
    // instructions (one set of 40 mixed fragments took 2 µs on a 40-character message, eight sets of eight 0.1 µs
    // each); fragments with other characters are looked for only in a text that has such characters.
    private static readonly SearchValues<string>[] NameCueFragments =
    [
        Fragments("smi", "smy", "tsm", "nsm", "appel", "apel", "nom", "name"),
        Fragments("i am", "i'm", "ana ", "suis", "c'est", "nsem", "tsem"),
    ];

    private static readonly SearchValues<string>[] AddressCueFragments =
    [
        Fragments("rue", "ave", "av.", "av ", "bd ", "bd.", "boul", "blv"),
        Fragments("bld", "impa", "derb", "drb", "zan", "znq", "zen", "zn9"),
        Fragments("char", "hay", "7ay", "oum", "quart", "doua", "dwar", "lot"),
        Fragments("imm", "siden", "app", "apt", "tage", "etg", "bloc", "vill"),
    ];

    // "a@b.ma" is the plain e-mail pattern's; only an '@' with a blank beside it is written out.
    private static readonly SearchValues<string>[] SpelledEmailFragments = [Fragments(" at ", "(at", "[at", "{at", "<at", "robas", " @", "@ ")];

    // The cues of a CNSS number and of a date of birth (CnssAfterCue, BirthDateAfterCue).
    private static readonly SearchValues<string>[] NumberCueFragments =
    [
        Fragments("cnss", "c.n.s.s", "immatricul", "affili", "matricule", "damane", "dmane", "tasj"),
        Fragments("nee", "ne le", "naissance", "birth", "dob", "d.o.b", "born", "tzad"),
        Fragments("mzya", "mzyou", "mazyou"),
    ];

    // Fragments with a curly apostrophe or an accent, looked for when the text has one.
    private static readonly SearchValues<string>[] OtherNameCueFragments = [Fragments("i’m", "c’est")];

    private static readonly SearchValues<string>[] OtherNumberCueFragments = [Fragments("né ", "née", "né(", "né,", "né:")];

    private static readonly SearchValues<string>[] ArabicNameCueFragments = [Fragments("اسم", "إسم", "أسم", "سميت", "تسمى", "نسمى", "تسما")];

    private static readonly SearchValues<string>[] ArabicAddressCueFragments =
    [
        Fragments("شارع", "زنقة", "درب", "حي", "عمارة", "إقامة", "اقامة", "تجزئة"),
        Fragments("دوار", "شقة", "فيلا"),
    ];

    private static readonly SearchValues<string>[] ArabicNumberCueFragments =
    [
        Fragments("ضمان", "تسجيل", "انخراط", "تأمين", "سنيس", "ان اس", "انس"),
        Fragments("مزداد", "مواليد", "ازدياد", "إزدياد", "ولادة", "ميلاد", "ولد", "ازدد"),
        Fragments("إزدد", "تزاد"),
    ];

    private static SearchValues<string> Fragments(params string[] values) => SearchValues.Create(values, StringComparison.OrdinalIgnoreCase);

    private static bool ContainsAny(ReadOnlySpan<char> text, SearchValues<string>[] sets)
    {
        foreach (var set in sets)
        {
            if (text.ContainsAny(set))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Words that end a name or an address (any case): function words, pronouns, greetings, common verbs, question
    /// words, procedure words and the cues themselves, in Darija (both scripts), French, Arabic and English.
    /// </summary>
    private static readonly FrozenSet<string> StopWords = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        [
            // Darija in Latin letters.
            "w", "o", "wa", "ou", "u", "f", "fi", "fe", "fl", "fel", "b", "bel", "bl", "m3a", "ma3a", "mea", "mn", "men", "min", "l", "li", "lli", "ila", "wla",
            "wlla", "aw", "ana", "nta", "nti", "ntouma", "ntoma", "howa", "huwa", "hiya", "hia", "hya", "hna", "7na", "dyal", "dyali", "diali", "dial", "dyalna",
            "d", "had", "hadi", "hada", "hadak", "daba", "ghir", "walakin", "walaken", "hit", "7it", "7ta", "hta", "bach", "bash", "ach", "ash", "chno", "chnou",
            "chnu", "shno", "achno", "wach", "wash", "wesh", "kifach", "kifash", "kif", "kifch", "fin", "fine", "mnin", "imta", "emta", "ch7al", "chhal",
            "bch7al", "3lach", "3lah", "lach", "bghit", "bghite", "bgheet", "bgit", "brit", "bghina", "nbghi", "kanbghi", "kanbgi", "baghi", "bagha", "khassni",
            "khasni", "khesni", "khassna", "3afak", "afak", "3afakom", "3afakoum", "merci", "chokran", "choukran", "shukran",
            "barak", "lah", "llah", "allah", "yhfdk", "kansken", "kanskon", "kanskn", "saken", "sakn", "sakna", "mzyad", "mzyada", "mzyouda", "tzadt",
            "tzadit", "tzad", "nhar", "ana", "andi", "3ndi", "3andi", "kan", "kont", "kount", "kayn", "kayna", "kaynin", "mazal", "ma", "mashi", "machi",
            "ghadi", "gha", "rah", "raha", "rani", "tani", "bzaf", "chwiya", "ndir", "ndirha", "ndiro", "n9der", "nqder", "nkhrj", "nkhrej", "njded", "njeded",
            "njedded", "njdd", "nbdl", "nbdel", "nbeddel", "ndkhel", "nsowl", "nswl", "nsowlek", "ns9sik", "nsewel", "n3ref", "n3rf", "tsali", "sala", "salat",
            "mcha", "mchat", "tl3at", "tla3at", "tl3et", "tal3a", "tal3at", "tal3et", "tle3at", "tle3", "tl3", "khrjat", "khrjet", "bant", "banet", "tdi3", "ddi3at", "dayra", "dayr", "ghalta", "ghalat", "ghalet", "ghalt", "mktouba", "mktoba", "mktob", "mktoub", "ktbouha",
            "ktboha", "ktbat", "ktbo", "mkhtalfa", "mkhtalf", "makatbach", "ma3rftch", "3lik", "lik", "lia", "liya", "smiti", "smiyti", "smyti", "ba9a", "ba9i", "ba9ya", "baqi", "tijariya", "tijaria",
            // What goes with a name, not the name: "smiyti m3ah" (my name with his), "smitou kharja" (drawn).
            "m3ah", "m3aha", "m3ahom", "m3aya", "m3ak", "m3ana", "fih", "fiha", "kharja", "kharjat", "kharej", "khrja",
            // What is said of a name, not the name: "my first name is unusual", "mon nom est mal écrit", "smiti ghalta".
            "unusual", "strange", "weird", "wrong", "misspelled", "spelled", "written", "difficult", "hard", "long", "too", "very", "so", "different",
            "incorrect", "rare", "bizarre", "difficile", "trop", "faux", "fausse", "mal", "écrit", "ecrit", "compliqué", "complique",
            // A paper "called good conduct" ("kayna wa7d smitha good conduct").
            "good", "bonne", "conduct", "conduite",
            "esmi", "ismi", "smia", "smiya", "smya", "kamla", "lkamla", "kansma", "kantsma", "basbor", "lbasbor", "basbour", "lbasbour", "paspor", "lpaspor",
            "lpasspor", "passport", "lakart", "lakarta", "lkart", "lkarta", "cin", "lcin", "cnie", "permis", "lpermis", "chahada", "chahadat", "shahada",
            "shahadat", "3a9d", "l3a9d", "kaghet", "wra9", "lwra9", "tasjil", "acte", "l'acte", "dossier", "ldossier", "rdv", "mo9ata3a", "lmo9ata3a",
            "baladia", "lbaladia", "l9iyada", "9iyada", "lqiyada", "jama3a", "ljama3a", "casa", "rbat", "mra", "awel", "jdid", "jdida", "9dim", "9dima", "bo7di", "bohdi", "wa7di", "bo7dha", "l3a2iliya", "l3ai2iliya", "l3a2ili", "3a2iliya", "3a2ili", "chakhsi", "lchakhsi",

            // French.
            "et", "je", "j", "j'", "moi", "mais", "où", "à", "a", "au", "aux", "de", "du", "des", "le", "la", "les", "un", "une", "en", "y", "il", "elle", "on",
            "nous", "vous", "ils", "elles", "qui", "que", "quoi", "comment", "combien", "quand", "quel", "quelle", "quels", "quelles", "pourquoi", "est",
            "c'est", "c’est", "suis", "ai", "j'ai", "j’ai", "veux", "voudrais", "souhaite", "souhaiterais", "aimerais", "dois", "peux", "pourrais", "besoin",
            "pour", "par", "avec", "sans", "sur", "dans", "chez", "depuis", "pendant", "avant", "après", "apres", "svp", "stp", "merci", "bonjour", "bonsoir",
            "salut", "né", "née", "habite", "j'habite", "j’habite", "ma", "mon", "mes", "ton", "son", "sa", "ce", "cet", "cette", "ces", "ne", "n'", "pas",
            "plus", "très", "tres", "bien", "mal", "faux", "fausse", "erroné", "erronée", "errone", "incorrect", "incorrecte", "différent", "différente",
            "different", "écrit", "écrite", "ecrit", "orthographié", "orthographie", "mentionné", "inscrit", "changé", "change", "modifié", "tel", "tél",
            // Where a name went: "mon nom est sorti sur la liste" (of conscripts, of a draw, of winners).
            "sorti", "sortie", "paru", "publié", "publie", "affiché", "affiche", "retenu", "retenue", "tombé", "tombe", "enregistré", "enregistre",
            "téléphone", "telephone", "numéro", "numero", "carte", "passeport", "adresse", "email", "mail", "âge", "age", "ans", "renouveler", "demander",
            "faire", "obtenir", "déposer", "deposer", "savoir", "connaître", "vais", "va", "ici", "aussi", "donc", "alors", "car", "si", "mme", "madame",
            "monsieur", "appelle", "m'appelle", "m’appelle", "nom", "prénom", "prenom", "marocain", "marocaine", "résident", "résidente", "résidant",
            "étudiant", "étudiante", "etudiant", "retraité", "retraitée", "fonctionnaire", "salarié", "salariée",
            // What citizens say about a name they want changed ("mon nom de famille est ridicule").
            "ridicule", "bizarre", "compliqué", "complique", "difficile", "gênant", "genant", "embarrassant", "moche", "long", "trop",
            "ridiculous", "weird", "strange", "embarrassing", "funny", "ugly", "khayb", "khayba", "ghrib", "ghriba", "محرج", "محرجة",
            "غريب", "غريبة", "خايب", "خايبة", "قبيح", "صعب", "صعبة", "النطق", "طويل", "طويلة", "معقد", "معقدة", "أجنبي", "اجنبي", "أجنبيا", "اجنبيا",
            // Where a name went: "سميتي خرجت فلائحة العسكر".
            "خرجت", "خرج", "طلعت", "طلع", "ظهرت", "ظهر", "موجود", "موجودة", "كاين", "كاينة", "ضمن", "بين", "لائحة", "اللائحة", "فاللائحة", "فلائحة",

            // English.
            "and", "or", "i", "i'm", "i’m", "im", "my", "me", "from", "in", "at", "on", "to", "the", "an", "is", "am", "are", "was", "were", "be", "been",
            "want", "wanted", "would", "need", "needed", "like", "please", "pls", "plz", "how", "what", "where", "when", "why", "which", "who", "can", "could",
            "should", "will", "shall", "do", "does", "did", "have", "has", "had", "live", "living", "lives", "born", "but", "so", "with", "for", "of", "hello",
            "hi", "hey", "thanks", "thank", "e-mail", "lmail", "l'email", "l'mail", "gmail", "about", "here", "there", "phone", "address", "not", "wrong", "misspelled", "spelled", "spelt", "written",
            "also", "too", "yes", "no", "it", "this", "that", "these", "those", "name", "called", "moroccan", "student", "now", "currently", "just", "still",
            "other", "another", "autre", "akhor", "akhra", "lakhor", "lokhra",

            // Arabic and Darija in Arabic letters.
            // What goes with a name, not the name: "واسمي كمالك" (my name as the owner), "سميتي ونهار تزاديت".
            "نهار", "ونهار", "النهار", "تاريخ", "وتاريخ", "ومكان", "معاه", "معاها", "كمالك", "كمالكة", "كصاحب",
            "و", "في", "ف", "من", "مع", "على", "الى", "إلى", "عن", "أنا", "انا", "بغيت", "بغينا", "كنبغي", "نبغي", "أريد", "اريد", "نريد", "أود", "اود",
            "كيف", "كيفاش", "شنو", "اشنو", "شنوة", "واش", "هل", "ماذا", "متى", "أين", "اين", "فين", "علاش", "لماذا", "عافاك", "عفاك", "فضلك", "شكرا", "رقم",
            "ساكن", "ساكنة", "أسكن", "اسكن", "كنسكن", "نسكن", "مزداد", "مزدادة", "ولدت", "تزاديت", "عندي", "عمري", "هاتفي", "بريدي", "الهاتف", "البطاقة",
            "بطاقة", "جواز", "الجواز", "السفر", "الباسبور", "باسبور", "لاكارط", "مكتوب", "مكتوبة", "غلط", "غالط", "خطأ", "خاطئ", "خاطئة", "ناقص", "ناقصة",
            "مختلف", "مختلفة", "تبدل", "نبدل", "ماشي", "بالفرنسية", "بالعربية", "فيه", "فيها", "ديال", "ديالي", "هو", "هي", "عليكم",
            "آخر", "اخر", "أخرى", "اخرى", "الآخر", "الاخر", "الأخرى", "الاخرى", "مرحبا", "باش", "حيت", "لأن", "لان", "ولكن", "لكن", "كان", "كانت", "راه", "راني", "غادي", "غير", "دابا", "بزاف", "اسمي", "إسمي", "سميتي", "باقي", "مازال", "ما", "زال", "لازال", "لا", "لم", "ليس", "الوالدين", "الأبوين", "الابوين", "خرجات", "التجارية", "التجاري",
            "الكامل", "كامل", "وبغيت", "لمدة", "مدة", "سنوات", "سنة", "سنين", "أيام", "ايام", "يوم", "شهر", "أشهر", "ans", "an", "jours", "mois", "years", "days", "months", "3am", "snin", "ayam", "chhar", "yom", "محتاج", "خاصني", "خصني", "نجدد", "نجدد", "تجديد", "نطلب", "طلب", "الحصول", "نحصل", "نخرج", "ندير", "نعرف",
            "بعد", "قبل", "حتى", "ملي", "منين", "أعرف", "اعرف", "نمرة", "نمرتي", "الضمان", "الاجتماعي", "التسجيل", "الإيميل", "الايميل", "إيميل", "ايميل", "الميل", "البريد", "بريد", "التيليفون", "بطاقتي", "الوطنية", "أبحث", "ابحث", "نقلب", "أحتاج", "احتاج", "أطلب", "اطلب", "أرغب", "ارغب", "أسأل", "اسأل", "أستفسر", "استفسر", "لانه", "لأنه", "لانها", "لأنها", "العائلي", "الشخصي", "يمكنني", "يمكن", "ممكن", "مواطن", "مغربي", "مغربية", "طالب", "طالبة", "متقاعد", "الإقامة", "الاقامة", "شهادة", "عقد",
        ]);

    // Words that may sit inside a name or a street name without being one themselves.
    private static readonly FrozenSet<string> Particles = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        [
            "el", "al", "ben", "bin", "ibn", "ibnou", "bent", "bint", "ait", "aït", "ould", "abd", "abdel", "abou", "abu", "moulay", "sidi", "lalla", "oued",
            "bou", "de", "du", "des", "la", "le", "l'", "d'", "بن", "ابن", "بنت", "عبد", "آيت", "ايت", "أيت", "ولد", "أبو", "ابو", "مولاي", "سيدي", "لالة", "للا",
        ]);

    // Capitalised words after "ana", "je suis", "I am" that say what someone is, not who.
    private static readonly FrozenSet<string> NotNames = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        [
            "marocain", "marocaine", "mgharbi", "mgharbia", "maghribi", "moroccan", "français", "française", "francais", "french", "algérien",
            "algérienne", "algerian", "tunisien", "tunisienne", "sénégalais", "sénégalaise", "mauritanien", "espagnol", "espagnole", "spanish", "italien",
            "italienne", "italian", "belge", "belgian", "canadien", "canadienne", "canadian", "américain", "américaine", "american", "allemand",
            "allemande", "german", "british", "anglais", "hollandais", "dutch", "mre", "étudiant", "étudiante", "etudiant", "student", "retraité",
            "retraitée", "fonctionnaire", "salarié", "salariée", "commerçant", "commerçante", "agriculteur", "ingénieur", "médecin", "infirmier",
            "infirmière", "enseignant", "enseignante", "professeur", "avocat", "avocate", "chômeur", "chômeuse", "enceinte", "marié", "mariée",
            "divorcé", "divorcée", "veuf", "veuve", "célibataire", "celibataire", "married", "single", "divorced", "widowed", "résident", "résidente",
            "resident", "citoyen", "citoyenne", "citizen", "parent", "père", "mère", "father", "mother", "handicapé", "handicapée", "malade", "sick",
            "perdu", "perdue", "lost", "désolé", "désolée", "sorry", "here", "ici", "not", "looking", "trying", "going", "new", "nouveau", "nouvelle",
            "très", "bien", "ok", "okay", "interested", "unemployed", "employed", "self", "né", "née", "born", "living", "au", "en", "dans", "un", "une",
            "le", "la", "les", "mrid", "mrida", "khdam", "khdama", "talib", "taliba", "jdid", "jdida", "hna", "f", "fi", "m9ado", "mzyan", "labas", "merci",
            // Nationalities ("I am Nigerian, working at a factory in Tangier").
            "nigerian", "nigérian", "nigériane", "senegalese", "malian", "malien", "malienne", "ivorian", "ivoirien", "ivoirienne", "cameroonian",
            "camerounais", "camerounaise", "congolese", "congolais", "congolaise", "guinean", "guinéen", "guinéenne", "mauritanian", "mauritanienne",
            "tunisian", "egyptian", "égyptien", "égyptienne", "syrian", "syrien", "syrienne", "lebanese", "libanais", "libanaise", "turkish", "turc",
            "turque", "chinese", "chinois", "chinoise", "indian", "indien", "indienne", "pakistani", "filipino", "filipina", "philippin", "philippine",
            "ukrainian", "ukrainien", "ukrainienne", "russian", "russe", "portuguese", "portugais", "portugaise", "swiss", "suisse", "swedish",
            "suédois", "suédoise", "irish", "irlandais", "irlandaise", "australian", "brazilian", "brésilien", "brésilienne", "english", "anglaise",
            "britannique", "européen", "européenne", "european", "africain", "africaine", "african", "sudanese", "soudanais", "soudanaise",
        ]);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> StopLookup = StopWords.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> ParticleLookup = Particles.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> NotNameLookup = NotNames.GetAlternateLookup<ReadOnlySpan<char>>();

    // Markers of a number inside an address: "n° 12", "rqm 45", "رقم 7".
    private static readonly FrozenSet<string> NumberMarkers = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        ["n", "no", "nº", "num", "numéro", "numero", "nr", "rqm", "r9m", "ra9m", "raqm", "rakm", "رقم", "ورقم", "برقم"]);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> MarkerLookup = NumberMarkers.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Finds the names after a self-introduction cue.</summary>
    private static void CollectNames(List<PersonalDataMatch> taken, string text)
    {
        foreach (var cue in NameCue().EnumerateMatches(text))
        {
            if (!WordBeforeIsIn(text, cue.Index, NotIntroducing) && NameAfter(text, cue.Index + cue.Length, capitalised: false) is var (index, length))
            {
                TryAdd(taken, PersonalDataKind.Name, index, length);
            }
        }

        foreach (var cue in IntroductionCue().EnumerateMatches(text))
        {
            if (StartsSentence(text, cue.Index) && NameAfter(text, cue.Index + cue.Length, capitalised: true) is var (index, length))
            {
                TryAdd(taken, PersonalDataKind.Name, index, length);
            }
        }
    }

    /// <summary>
    /// The name starting after a cue: an optional ':' or '-' and filler ("hiya", "est", "is", "هو"), then one to
    /// <see cref="MaxNameWords"/> words on the same line, separated by spaces only, none of them a stop word. After
    /// "ana", "je suis", "I am", every word is capitalised (particles apart) and the first is not a nationality or an
    /// occupation. Null when there is no such word or the name is shorter than three characters.
    /// </summary>
    private static (int Index, int Length)? NameAfter(string text, int position, bool capitalised)
    {
        var i = SkipBlanks(text, position);
        if (i < text.Length && text[i] is ':' or '-' or '–' or '—')
        {
            i = SkipBlanks(text, i + 1);
        }

        if (ReadWord(text, i, out var end) && IsFiller(text.AsSpan(i, end - i)))
        {
            i = SkipBlanks(text, end);
        }

        var start = -1;
        var last = i;
        for (var count = 0; count < MaxNameWords; count++)
        {
            var from = count == 0 ? i : SkipBlanks(text, last);
            if ((count > 0 && from == last) || !ReadWord(text, from, out end))
            {
                break;
            }

            var word = text.AsSpan(from, end - from);
            // "فيها سميتي والتحملات": a first word "and the ..." is never a name.
            if (IsStopWord(word) || IsConjoinedStopWord(word) || (count > 0 && IsConjoinedWord(word)) || (count == 0 && word.Length >= 5 && word.StartsWith("وال", StringComparison.Ordinal)))
            {
                break;
            }

            if (capitalised)
            {
                var particle = ParticleLookup.Contains(word);
                if ((count == 0 && (particle || NotNameLookup.Contains(word))) || (!particle && !IsCapitalised(word)))
                {
                    break;
                }
            }

            if (count == 0)
            {
                start = from;
            }

            last = end;
        }

        return start < 0 || last - start < 3 ? null : (start, last - start);
    }

    // "my name" after "in" or a verb of changing is the subject, not an introduction: "b smiti", "nbdel smiti",
    // "تغيير اسمي".
    private static readonly FrozenSet<string> NotIntroducing = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        [
            "b", "f", "fi", "bi", "3la", "ala", "l", "nbdl", "nbdel", "nbeddel", "nbddel", "tbdl", "tbdel", "tbeddel", "nsa7a7", "nsahah", "n9ad", "nqad",
            "nghayer", "changer", "corriger", "modifier", "rectifier", "change", "correct", "fix", "تغيير", "تبديل", "تصحيح", "تعديل", "نبدل", "نصحح", "نغير",
            "أغير", "اغير", "أصحح", "اصحح", "نبدلو", "نصححو",
            // "in my name", "whether my name is on the list", "register my (trade) name".
            "في", "فى", "من", "على", "عن", "ب", "إلى", "الى", "ل", "واش", "to", "into", "à", "a", "sous", "under", "in", "on", "wach", "wash", "nsajjel", "nsajel", "nsjel", "nsejjel", "nsejel", "register", "enregistrer",
            "نسجل", "مسجل", "مسجلة", "يحمل", "تحمل", "كيحمل", "يسيء", "يضرني",
        ]);

    // Greetings after which "ana", "je suis", "I am" start an introduction.
    private static readonly FrozenSet<string> Greetings = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        ["salam", "slm", "salamo", "morning", "evening", "afternoon", "3alaykom", "alaykoum", "alikoum", "3likom", "alaikum", "alaykum", "bonjour", "bonsoir", "salut", "hello", "hi", "hey", "ahlan", "marhaba", "coucou"]);

    /// <summary>The word right before <paramref name="index"/> (blanks apart) is one of <paramref name="words"/>.</summary>
    private static bool WordBeforeIsIn(string text, int index, FrozenSet<string> words)
    {
        var end = index;
        while (end > 0 && text[end - 1] is ' ' or '\t' or '\u00A0')
        {
            end--;
        }

        var start = end;
        while (start > 0 && char.IsLetterOrDigit(text[start - 1]))
        {
            start--;
        }

        return end > start && (start == 0 || !(text[start - 1] is '\'' or '’')) && words.GetAlternateLookup<ReadOnlySpan<char>>().Contains(text.AsSpan(start, end - start));
    }

    /// <summary>At the start of the text or of a sentence or clause, or right after a greeting ("Salam, ana Karim").</summary>
    private static bool StartsSentence(string text, int index)
    {
        var p = index;
        while (p > 0 && text[p - 1] is ' ' or '\t' or '\u00A0')
        {
            p--;
        }

        if (p == 0 || text[p - 1] is '.' or '!' or '?' or ',' or ';' or ':' or '\n' or '\r' or '(' or '،' or '؟')
        {
            return true;
        }

        return WordBeforeIsIn(text, p, Greetings);
    }

    private static bool IsFiller(ReadOnlySpan<char> word) =>
        word.Equals("hiya", StringComparison.OrdinalIgnoreCase) || word.Equals("hya", StringComparison.OrdinalIgnoreCase)
        || word.Equals("howa", StringComparison.OrdinalIgnoreCase) || word.Equals("huwa", StringComparison.OrdinalIgnoreCase)
        || word.Equals("est", StringComparison.OrdinalIgnoreCase) || word.Equals("is", StringComparison.OrdinalIgnoreCase)
        || word.SequenceEqual("هو") || word.SequenceEqual("هي");

    /// <summary>Finds street addresses around their keyword.</summary>
    private static void CollectAddresses(List<PersonalDataMatch> taken, string text)
    {
        var covered = 0;
        foreach (var keyword in AddressKeyword().EnumerateMatches(text))
        {
            // A keyword inside the address just taken ("imm 3 appt 12") is part of it.
            if (keyword.Index >= covered && AddressAround(text, keyword.Index, keyword.Length) is var (index, length)
                && TryAdd(taken, PersonalDataKind.Address, index, length))
            {
                covered = index + length;
            }
        }
    }

    /// <summary>
    /// The address around a keyword: the street number before it ("12 rue", "n° 12, rue", "رقم 5 زنقة"), the keyword,
    /// then numbers, number markers, other keywords ("imm 3, appt 12") and up to <see cref="MaxAddressWords"/> name
    /// words. A comma continues it only before a number, a marker or a keyword. Null unless it has a number or a
    /// residence cue stands right before it.
    /// </summary>
    private static (int Index, int Length)? AddressAround(string text, int keywordIndex, int keywordLength)
    {
        var start = LeadStart(text, keywordIndex);
        var hasNumber = start < keywordIndex;
        var keyword = text.AsSpan(keywordIndex, keywordLength).TrimEnd('.');
        var strong = IsStreetKeyword(keyword);
        var end = keywordIndex + keywordLength;
        var position = end;
        var words = 0;
        var units = 0;
        var afterKeyword = IsBuildingKeyword(keyword);
        while (units < MaxAddressUnits)
        {
            var from = SkipBlanks(text, position);
            var afterComma = false;
            if (from < text.Length && text[from] == ',' && units > 0)
            {
                afterComma = true;
                from = SkipBlanks(text, from + 1);
            }

            if (from == position && units > 0)
            {
                break;
            }

            if (TryStreetNumber(text, from, out var numberEnd))
            {
                end = position = numberEnd;
                hasNumber = true;
                units++;
                afterKeyword = false;
                continue;
            }

            if (!ReadWord(text, from, out var wordEnd))
            {
                break;
            }

            var word = text.AsSpan(from, wordEnd - from);
            if (MarkerLookup.Contains(word))
            {
                var next = SkipBlanks(text, wordEnd);
                while (next < text.Length && text[next] is '°' or 'º' or '.' or ':')
                {
                    next = SkipBlanks(text, next + 1);
                }

                if (!TryStreetNumber(text, next, out numberEnd))
                {
                    break;
                }

                end = position = numberEnd;
                hasNumber = true;
                units++;
                continue;
            }

            if (IsWholeKeyword(word))
            {
                end = position = wordEnd < text.Length && text[wordEnd] == '.' ? wordEnd + 1 : wordEnd;
                units++;
                afterKeyword = IsBuildingKeyword(word);
                continue;
            }

            if (afterKeyword && word.Length == 1 && (char.IsUpper(word[0]) || word[0] > '\u0600'))
            {
                // A building's letter: "imm B", "bloc C", "عمارة ب".
                end = position = wordEnd;
                units++;
                afterKeyword = false;
                continue;
            }

            afterKeyword = false;

            if (afterComma || words >= MaxAddressWords)
            {
                break;
            }

            var particle = ParticleLookup.Contains(word);
            if ((particle && units == 0 && !strong && IsFrenchLinker(word)) || (!particle && (IsStopWord(word) || IsConjoinedStopWord(word) || IsConjoinedDefinite(word))))
            {
                break;
            }

            end = position = wordEnd;
            words++;
            units++;
        }

        if (units == 0 || (!hasNumber && !ResidenceCueBefore(text, start)))
        {
            return null;
        }

        return (start, end - start);
    }

    /// <summary>A building keyword, after which a lone letter names the building ("imm B", "عمارة ب").</summary>
    private static bool IsBuildingKeyword(ReadOnlySpan<char> keyword) =>
        keyword.Equals("imm", StringComparison.OrdinalIgnoreCase) || keyword.Equals("immeuble", StringComparison.OrdinalIgnoreCase)
        || keyword.Equals("bloc", StringComparison.OrdinalIgnoreCase) || keyword.EndsWith("عمارة", StringComparison.Ordinal);

    /// <summary>"résidence de 10 ans", "lot de 3": a French linker right after a building or area keyword is no name.</summary>
    private static bool IsFrenchLinker(ReadOnlySpan<char> word) =>
        word.Equals("de", StringComparison.OrdinalIgnoreCase) || word.Equals("du", StringComparison.OrdinalIgnoreCase)
        || word.Equals("des", StringComparison.OrdinalIgnoreCase) || word.Equals("la", StringComparison.OrdinalIgnoreCase)
        || word.Equals("le", StringComparison.OrdinalIgnoreCase) || word.Equals("l'", StringComparison.OrdinalIgnoreCase)
        || word.Equals("d'", StringComparison.OrdinalIgnoreCase);

    /// <summary>The Arabic keyword at the start of <paramref name="text"/> carries no glued و, ف or ب ("فيلا" starts with ف itself).</summary>
    private static bool IsBareArabicKeyword(ReadOnlySpan<char> text) =>
        text.StartsWith("فيلا", StringComparison.Ordinal);

    /// <summary>A keyword of a street itself (rue, derb, شارع...), after which "de", "el", "ibn" may begin its name.</summary>
    private static bool IsStreetKeyword(ReadOnlySpan<char> keyword)
    {
        var bare = keyword.Length > 3 && keyword[0] is 'و' or 'ف' or 'ب' && keyword[1] != 'ا' ? keyword[1..] : keyword;
        if (bare.StartsWith("ال", StringComparison.Ordinal))
        {
            bare = bare[2..];
        }

        return bare.SequenceEqual("شارع") || bare.SequenceEqual("زنقة") || bare.SequenceEqual("درب")
            || StreetKeywords.GetAlternateLookup<ReadOnlySpan<char>>().Contains(bare);
    }

    private static readonly FrozenSet<string> StreetKeywords = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        ["rue", "avenue", "av", "ave", "bd", "boulevard", "blvd", "bld", "impasse", "derb", "drb", "zanqa", "znqa", "zenqa", "zan9a", "zn9a", "zanka", "zenka", "chari3", "char3"]);

    /// <summary>The word is a street keyword ("imm" and "appt" inside an address).</summary>
    private static bool IsWholeKeyword(ReadOnlySpan<char> word)
    {
        foreach (var m in AddressKeyword().EnumerateMatches(word))
        {
            return m.Index == 0 && m.Length == word.Length;
        }

        return false;
    }

    /// <summary>Where the address starts: at the street number (and its marker) right before the keyword, if any.</summary>
    private static int LeadStart(string text, int keywordIndex)
    {
        // "15 فدرب غلف": a keyword with a glued "in"/"and"/"at" does not follow its street number.
        if (text[keywordIndex] is 'و' or 'ف' or 'ب' && !IsBareArabicKeyword(text.AsSpan(keywordIndex)))
        {
            return keywordIndex;
        }

        var p = keywordIndex - 1;
        while (p >= 0 && text[p] is ' ' or '\t' or '\u00A0')
        {
            p--;
        }

        if (p >= 0 && text[p] == ',')
        {
            p--;
            while (p >= 0 && text[p] is ' ' or '\t' or '\u00A0')
            {
                p--;
            }
        }

        // "12 bis rue": the suffix before the keyword.
        var suffixEnd = p + 1;
        var q = p;
        while (q >= 0 && char.IsAsciiLetter(text[q]))
        {
            q--;
        }

        var suffix = text.AsSpan(q + 1, suffixEnd - (q + 1));
        if (suffix.Equals("bis", StringComparison.OrdinalIgnoreCase) || suffix.Equals("ter", StringComparison.OrdinalIgnoreCase))
        {
            p = q;
            while (p >= 0 && text[p] is ' ' or '\t' or '\u00A0')
            {
                p--;
            }
        }

        var digitsEnd = p + 1;
        while (p >= 0 && char.IsAsciiDigit(text[p]))
        {
            p--;
        }

        var digits = digitsEnd - (p + 1);
        if (digits is 0 or > 4 || (p >= 0 && (char.IsLetterOrDigit(text[p]) || text[p] is '[' or ']' or '/' or '.' or '-' or ',' or ':')))
        {
            // No number, or one that belongs to something else ("AB12 rue", "12/05 rue", "loi 15-95 rue").
            return keywordIndex;
        }

        var start = p + 1;

        // A marker before the number: "n° 12", "rqm 12", "رقم 12".
        var m = p;
        while (m >= 0 && text[m] is ' ' or '\t' or '\u00A0' or '°' or 'º' or '.')
        {
            m--;
        }

        var markerEnd = m + 1;
        while (m >= 0 && (char.IsLetter(text[m]) || text[m] is '\'' or '’'))
        {
            m--;
        }

        if (markerEnd > m + 1 && (m < 0 || !char.IsLetterOrDigit(text[m]) && text[m] != '[') && MarkerLookup.Contains(text.AsSpan(m + 1, markerEnd - (m + 1))))
        {
            start = m + 1;
        }
        else if (p >= 0 && text[p] is '°' or 'º')
        {
            // A degree sign without a marker word: not a street number.
            return keywordIndex;
        }

        return start;
    }

    /// <summary>
    /// A street number at <paramref name="index"/>: one to four digits, then a letter, an ordinal suffix ("1er",
    /// "2ème"), "bis"/"ter", or "/3", "-14". Five digits or more are not a street number (a postal code, an id).
    /// </summary>
    private static bool TryStreetNumber(string text, int index, out int end)
    {
        end = index;
        var i = index;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        if (i == index || i - index > 4 || (index > 0 && char.IsLetterOrDigit(text[index - 1])))
        {
            return false;
        }

        // "12/3", "12-14".
        if (i + 1 < text.Length && text[i] is '/' or '-' && char.IsAsciiDigit(text[i + 1]))
        {
            var j = i + 1;
            while (j < text.Length && char.IsAsciiDigit(text[j]))
            {
                j++;
            }

            if (j - (i + 1) <= 4)
            {
                i = j;
            }
        }

        var letters = i;
        while (letters < text.Length && char.IsLetter(text[letters]))
        {
            letters++;
        }

        var suffix = text.AsSpan(i, letters - i);
        if (suffix.Length == 1 && char.IsAsciiLetter(suffix[0]))
        {
            i = letters;
        }
        else if (suffix.Length > 1)
        {
            if (!(suffix.Equals("er", StringComparison.OrdinalIgnoreCase) || suffix.Equals("ère", StringComparison.OrdinalIgnoreCase)
                || suffix.Equals("eme", StringComparison.OrdinalIgnoreCase) || suffix.Equals("ème", StringComparison.OrdinalIgnoreCase)
                || suffix.Equals("e", StringComparison.OrdinalIgnoreCase) || suffix.Equals("th", StringComparison.OrdinalIgnoreCase)
                || suffix.Equals("st", StringComparison.OrdinalIgnoreCase) || suffix.Equals("nd", StringComparison.OrdinalIgnoreCase)
                || suffix.Equals("rd", StringComparison.OrdinalIgnoreCase) || suffix.Equals("bis", StringComparison.OrdinalIgnoreCase)
                || suffix.Equals("ter", StringComparison.OrdinalIgnoreCase)))
            {
                // "12km", "3ans": not a street number.
                return false;
            }

            i = letters;
        }
        else if (i < text.Length && text[i] == ' ' && i + 4 <= text.Length)
        {
            var next = text.AsSpan(i + 1, Math.Min(3, text.Length - i - 1));
            if ((next.Equals("bis", StringComparison.OrdinalIgnoreCase) || next.Equals("ter", StringComparison.OrdinalIgnoreCase))
                && (i + 4 == text.Length || !char.IsLetterOrDigit(text[i + 4])))
            {
                i += 4;
            }
        }

        if (i < text.Length && char.IsLetterOrDigit(text[i]))
        {
            return false;
        }

        // "شقة ب 30 مليون", "appartement de 80 m2 à 600 000 dh": an amount or a size, not a street number.
        var unit = SkipBlanks(text, i);
        if (ReadWord(text, unit, out var unitEnd) && AmountUnits.GetAlternateLookup<ReadOnlySpan<char>>().Contains(text.AsSpan(unit, unitEnd - unit)))
        {
            return false;
        }

        end = i;
        return true;
    }

    private static readonly FrozenSet<string> AmountUnits = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        ["مليون", "مليار", "ألف", "الف", "درهم", "دراهم", "ريال", "متر", "مترو", "million", "millions", "milliard", "mille", "dh", "dhs", "mad", "dirham", "dirhams",
            "m2", "m²", "metres", "mètres", "meters", "mlyoun", "melyoun", "mlyon", "alf", "drham", "dirhem"]);

    /// <summary>A residence cue ("j'habite", "kansken f", "ساكن في", "adresse :") ends right before <paramref name="start"/>.</summary>
    private static bool ResidenceCueBefore(string text, int start)
    {
        var from = Math.Max(0, start - ResidenceCueWindow);
        var match = ResidenceCue().Match(text, from, start - from);
        if (!match.Success)
        {
            return false;
        }

        // The window may cut a word: a cue at its very start must not continue a word of the text.
        return match.Index > from || from == 0 || !(char.IsLetter(text[from - 1]) || text[from - 1] == '[');
    }

    /// <summary>Skips spaces and tabs (not line ends: a name or an address does not run over a line).</summary>
    private static int SkipBlanks(string text, int index)
    {
        while (index < text.Length && text[index] is ' ' or '\t' or '\u00A0')
        {
            index++;
        }

        return index;
    }

    /// <summary>
    /// A word at <paramref name="index"/>: letters and combining marks, with an apostrophe or a hyphen inside
    /// ("El-Amrani", "N'Diaye", "j'habite") and the lone digits Arabizi writes for letters after a Latin letter
    /// ("zn9a", "ch7al"). False when the text there does not start with a letter.
    /// </summary>
    private static bool ReadWord(string text, int index, out int end)
    {
        end = index;
        if (index >= text.Length || !char.IsLetter(text[index]))
        {
            return false;
        }

        var i = index + 1;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsLetter(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark)
            {
                i++;
            }
            else if (c is '\'' or '’' or '-' && i + 1 < text.Length && char.IsLetter(text[i + 1]))
            {
                i += 2;
            }
            else if (c is '2' or '3' or '5' or '7' or '8' or '9' && char.IsAsciiLetter(text[i - 1])
                && (i + 1 >= text.Length || !char.IsAsciiDigit(text[i + 1])))
            {
                // Arabizi letters written as digits: "zn9a", "ch7al", "lwra9".
                i++;
            }
            else
            {
                break;
            }
        }

        end = i;
        return true;
    }

    private static bool IsStopWord(ReadOnlySpan<char> word) =>
        StopLookup.Contains(word) || IsDarijaNegation(word) || IsDarijaPresentVerb(word) || IsDarijaInThe(word);

    /// <summary>Darija "in the …" written as one word, "فاللائحة", "فالمحكمة" (a name like "فالح" is shorter).</summary>
    private static bool IsDarijaInThe(ReadOnlySpan<char> word) => word.Length >= 6 && word.StartsWith("فال", StringComparison.Ordinal);

    /// <summary>
    /// A Darija verb in the present in Latin letters, "ka" + person + stem written with an Arabizi digit: "kat7echemni",
    /// "kan3ref", "kay9ra". Names written in Latin letters do not take that shape.
    /// </summary>
    private static bool IsDarijaPresentVerb(ReadOnlySpan<char> word) =>
        word.Length >= 6 && (word[0] | 0x20) == 'k' && word[1] == 'a' && word[2] is 't' or 'n' or 'y' && word[3..].IndexOfAny("2379") >= 0;

    /// <summary>A negated Darija verb in Latin letters, "ma…ch": "makhdamach", "mabghach", "ma3rftch".</summary>
    private static bool IsDarijaNegation(ReadOnlySpan<char> word) =>
        word.Length >= 5 && word[0] == 'm' && word[1] == 'a' && (word.EndsWith("ch", StringComparison.Ordinal) || word.EndsWith("sh", StringComparison.Ordinal));

    /// <summary>An Arabic stop word with the conjunction و or ف glued to it ("وبغيت", "فين" apart).</summary>
    private static bool IsConjoinedStopWord(ReadOnlySpan<char> word) =>
        word.Length > 2 && word[0] is 'و' or 'ف' && StopLookup.Contains(word[1..]);

    /// <summary>"ساكن فدوار والما وصل قريب": "and" glued to "the" starts the next clause, not a place's name.</summary>
    private static bool IsConjoinedDefinite(ReadOnlySpan<char> word) =>
        word.Length > 3 && word.StartsWith("وال", StringComparison.Ordinal);

    /// <summary>
    /// After the first name, an Arabic word with a glued و starts the next clause ("اسمي كريم وبغيت", "والإيميل"), unless
    /// it is one of the few names that begin with و.
    /// </summary>
    private static bool IsConjoinedWord(ReadOnlySpan<char> word) =>
        word.Length > 2 && word[0] == 'و' && !NamesWithWaw.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word);

    private static readonly FrozenSet<string> NamesWithWaw = FrozenSet.Create(
        StringComparer.Ordinal,
        ["وليد", "وفاء", "وداد", "وئام", "وصال", "وهيبة", "وهبي", "ولعلو", "ولد", "وزاني", "وردة", "وديع", "وسيم", "وجدان", "وهيب", "ولاء"]);

    /// <summary>"Karim", "El-Amrani", "O'Brien": an upper-case letter, then lower case (again upper after - or ').</summary>
    private static bool IsCapitalised(ReadOnlySpan<char> word)
    {
        if (word.Length < 2 || !char.IsUpper(word[0]))
        {
            return false;
        }

        for (var i = 1; i < word.Length; i++)
        {
            if (char.IsUpper(word[i]) && word[i - 1] is not ('-' or '\'' or '’'))
            {
                return false;
            }
        }

        return true;
    }

    // Self-introductions followed by a name in any case (CollectNames passes over those after NotIntroducing). Our own
    // [NAME] is not a cue (no '[' before a cue).
    [GeneratedRegex(
        @"(?<![\p{L}\p{N}\[])(?i:(?:ana\s+)?(?:smiti|smiyti|smyti|esmi|ismi|(?:smia|smiya|smya)\s+(?:dyali|diali))(?:\s+l?kamla)?|kansma|kantsma|kantsmma|kansmma|kantsemma|kansemma|je\s+m['’]?\s?app?ell?e|(?:il|elle)\s+s['’]\s?app?ell?e|s['’]app?ell?e|smito|smitou|smitha|smiyto|smiytha|kaytsma|katsma|(?:his|her)\s+name\s+is|mon\s+(?:nom|pr[ée]nom)(?:\s+(?:complet|de\s+famille))?\s+(?:est|c['’]est)|(?:nom|pr[ée]nom|nom\s+complet|nom\s+et\s+pr[ée]nom|full\s+name|name)\s*:|my\s+(?:full\s+|first\s+|last\s+)?name\s+is|my\s+name['’]s|(?:i\s+am|i['’]m)\s+called|و?(?:أنا\s+|انا\s+)?(?:اسمي|إسمي|أسمي|إسمى|اسمى|سميتي|سميتى|اسمه|اسمها|إسمه|إسمها|سميتو|سميتها)(?:\s+(?:الكامل|كامل|العائلي|الشخصي))?|[وف]?(?:كنتسمى|كنسمى|كانتسمى|تنتسمى|كنتسما)|(?:الاسم|الإسم)(?:\s+(?:الكامل|العائلي|الشخصي))?\s*:)(?![\p{L}\p{N}])",
        RegexOptions.CultureInvariant,
        TimeoutMs)]
    private static partial Regex NameCue();

    // "ana", "je suis", "I am", "moi c'est" introduce a name only at the start of a sentence or after a greeting
    // (StartsSentence); NameAfter then wants capitalised words ("Salam, ana Karim", "Hi, I am Karim Bennani", not "ana bghit").
    [GeneratedRegex(
        @"(?<![\p{L}\p{N}\[])(?i:ana|je\s+suis|i\s+am|i['’]m|moi\s+c['’]est|c['’]est\s+moi)(?![\p{L}\p{N}])",
        RegexOptions.CultureInvariant,
        TimeoutMs)]
    private static partial Regex IntroductionCue();

    // Street keywords; Arabic ones may carry the article and a glued و, ف or ب, except إقامة: with the article it is
    // residence as a status ("بطاقة الإقامة"), without it the name of a building. Our own [ADDRESS] is no keyword.
    [GeneratedRegex(
        @"(?<![\p{L}\p{N}\[])(?:(?i:rue|avenue|av|ave|bd|boulevard|blvd|bld|impasse|derb|drb|zanqa|znqa|zenqa|zan9a|zn9a|zanka|zenka|chari3|char3|hay|7ay|houma|7ouma|quartier|douar|dwar|lotissement|lot|imm|immeuble|r[ée]sidence|appt|apt|appartement|[ée]tage|etg|bloc|villa)(?![\p{L}\p{N}])\.?|[وفب]?(?:(?:ال)?(?:شارع|زنقة|درب|حي|عمارة|تجزئة|دوار|شقة|فيلا)|إقامة|اقامة)(?![\p{L}\p{N}]))",
        RegexOptions.CultureInvariant,
        TimeoutMs)]
    private static partial Regex AddressKeyword();

    // A residence cue and its connectors, ending where the address starts (the match is tried on a window before it).
    [GeneratedRegex(
        @"(?<![\p{L}\[])(?i:j['’]?\s?habite|habite|habitant|habitante|domicili[ée]e?|demeurant|r[ée]sidant|r[ée]sidante|r[ée]side|adresse|address|kansken|kanskon|kanskn|kanskun|saken|sakn|sakna|sakin|skna|ana\s+(?:f|fi)|i\s+live|we\s+live|living|lives|live|[وف]?(?:ساكن|ساكنة|أسكن|اسكن|نسكن|كنسكن|كانسكن|عنواني|العنوان|عنوان|أقطن|اقطن|نقطن|كنقطن|القاطن|الساكن))(?:[\s:,\-]+(?i:à|a|au|aux|dans|en|sur|f|fi|fel|fl|l|في|ف|ب|in|at|on|is|est|c['’]est|dyali|diali|dyal|ديالي|ديال|هو|هي|la|le|l['’]|the|mon|ma|my|actuelle?|current|compl[èe]te|الكامل|هنا|ici)){0,4}[\s:,\-]*$",
        RegexOptions.CultureInvariant,
        TimeoutMs)]
    private static partial Regex ResidenceCue();
}
