using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using MarocAssistant.Retrieval.Corpus;

namespace MarocAssistant.Training.CorpusCheck;

/// <summary>
/// The numbers a text states (amounts, ages, days, years, phone numbers), so that the languages of one record can be
/// compared: Arabic-Indic digits are read as digits, thousands separators are dropped ("1 500", "1,500" in English),
/// addresses are left out, digits inside a Latin word are Arabizi letters (3ndek, l9iyada) or names (CN1), and the
/// Moroccan "فاتح" / "fati7" (the first of a month) counts as 1, Arabic duals (درهمين) and "جوج" / "jouj" as 2.
/// </summary>
public static partial class TextNumbers
{
    public static IReadOnlyList<long> Extract(string text, RecordLanguage language)
    {
        var normalized = LatinText.WithoutAddresses(NormalizeDigits(text));
        normalized = FirstOfMonth().Replace(normalized, " 1 $2");
        normalized = OneUnit().Replace(normalized, " 1 ");
        normalized = Two().Replace(normalized, " 2 ");
        normalized = Three().Replace(normalized, " 3 ");
        normalized = Dimensions().Replace(normalized, "$1 × $2");
        normalized = FullHour().Replace(normalized, "$1");
        normalized = language == RecordLanguage.En
            ? EnglishThousands().Replace(normalized, m => m.Value.Replace(",", "", StringComparison.Ordinal))
            : SpacedThousands().Replace(normalized, m => Regex.Replace(m.Value, @"[\s\u00a0\u202f.]", ""));
        var numbers = new List<long>();
        foreach (Match match in (language == RecordLanguage.En ? EnglishDigits() : Digits()).Matches(normalized))
        {
            if (long.TryParse(match.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                numbers.Add(number);
            }
        }

        numbers.Sort();
        return numbers;
    }

    /// <summary>Arabic-Indic (U+0660–0669) and Eastern Arabic-Indic (U+06F0–06F9) digits as ASCII digits.</summary>
    public static string NormalizeDigits(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                >= '\u0660' and <= '\u0669' => (char)('0' + (c - '\u0660')),
                >= '\u06F0' and <= '\u06F9' => (char)('0' + (c - '\u06F0')),
                _ => c,
            });
        }

        return builder.ToString();
    }

    // A run of digits standing alone or as an ordinal (1er, 2e, 1st); digits inside a Latin word are Arabizi letters
    // (3ndek, l9iyada, 7et) or part of a name (CN1, W18), not numbers.
    [GeneratedRegex(@"(?<![A-Za-zÀ-ÿ\d])\d+(?=(?:er|re|e|ème)?(?![A-Za-zÀ-ÿ\d]))")]
    private static partial Regex Digits();

    [GeneratedRegex(@"(?<![A-Za-z\d])\d+(?=(?:st|nd|rd|th)?(?![A-Za-z\d]))")]
    private static partial Regex EnglishDigits();

    [GeneratedRegex(@"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d])")]
    private static partial Regex EnglishThousands();

    [GeneratedRegex(@"(?<![\d.,])\d{1,3}(?:(?:[ \u00a0\u202f]\d{3})+|(?:\.\d{3})+)(?![\d])")]
    private static partial Regex SpacedThousands();

    // Arabic duals (درهمين: two dirhams), the Darija "جوج" / "jouj", "deux" and "two" are the number 2; three likewise.
    [GeneratedRegex(@"(?<![\p{L}])(?:[وفبل]?ال|[وفبل])?(درهمان|درهمين|يومان|يومين|شهران|شهرين|سنتان|سنتين|عامين|صورتان|صورتين|نسختان|نسختين|نظيران|نظيرين|اسمان|اسمين|عدلان|عدلين|شاهدان|شاهدين|جوج|jouj|jooj|chahrin|yomayn|youmayn|deux|two)(?![\p{L}])", RegexOptions.IgnoreCase)]
    private static partial Regex Two();

    [GeneratedRegex(@"(?<![\p{L}])(ثلاثة|ثلاث|تلاتة|تلت|tlata|trois|three)(?![\p{L}])", RegexOptions.IgnoreCase)]
    private static partial Regex Three();

    // "سنة واحدة", "عام واحد", "3am wa7ed": one year, month, day, week.
    [GeneratedRegex(@"(?<![\p{L}])[وفبل]?(سنة|عام|شهر|يوم|نهار|أسبوع|سيمانة|3am|l3am|chhar|youm|nhar|simana)\s+(واحدة|واحد|wa7ed|wa7da)(?![\p{L}\d])", RegexOptions.IgnoreCase)]
    private static partial Regex OneUnit();

    // "9:00", "20.00": an hour on the dot is the number of the hour ("9 h", "الساعة 9").
    [GeneratedRegex(@"\b(\d{1,2})[:.]00\b")]
    private static partial Regex FullHour();

    // "35x45 mm": the x between two numbers is a times sign, not a letter.
    [GeneratedRegex(@"(\d)\s*[xX×]\s*(\d)")]
    private static partial Regex Dimensions();

    // "فاتح يناير", "fati7 janvier": the first day of a month (فاتح alone is also "light", as a colour).
    [GeneratedRegex(@"(?<![\p{L}])(فاتح|fati7|fate7)\s+(يناير|فبراير|مارس|أبريل|ماي|يونيو|يوليوز|غشت|شتنبر|أكتوبر|نونبر|دجنبر|janvier|fevrier|février|mars|avril|mai|juin|juillet|aout|août|septembre|octobre|novembre|decembre|décembre)", RegexOptions.IgnoreCase)]
    private static partial Regex FirstOfMonth();
}

/// <summary>
/// Finds French left inside Arabic-script and Latin-script Darija texts. In <c>ar</c> and <c>ary</c> every Latin-script
/// word is suspect unless it is part of an address (www.cnie.ma), an acronym (CNIE, SMS) or on the allow-list of site
/// names and loanwords (<c>corpus/lexicon/allowed-latin.txt</c>). In <c>ary_latn</c>, where Latin script is normal, a
/// French function word (de, pour, votre...) outside an allowed phrase marks a French sentence.
/// </summary>
public sealed partial class LatinText
{
    /// <summary>French function words that Darija written in Latin letters does not use.</summary>
    public static readonly IReadOnlySet<string> FrenchStopWords = new HashSet<string>(StringComparer.Ordinal)
    {
        "de", "du", "des", "le", "les", "au", "aux", "pour", "avec", "votre", "vos", "notre", "nos", "dans", "sur", "par",
        "est", "sont", "une", "un", "et", "en", "ce", "cette", "ces", "qui", "que", "il", "elle", "nous", "vous", "leur",
        "leurs", "son", "ses", "ne", "pas", "plus", "chez", "aussi", "etre", "avoir", "faire", "sans", "entre",
    };

    private readonly List<string[]> _phrases;
    private readonly HashSet<string> _words;

    public LatinText(IEnumerable<string> allowed)
    {
        _phrases = [];
        _words = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in allowed)
        {
            var words = Words(entry).Select(Fold).ToArray();
            if (words.Length == 1)
            {
                _words.Add(words[0]);
            }
            else if (words.Length > 1)
            {
                _phrases.Add(words);
            }
        }

        _phrases.Sort((a, b) => b.Length.CompareTo(a.Length));
    }

    /// <summary>The allow-list of <c>corpus/lexicon/allowed-latin.txt</c> (one word or phrase a line, # comments).</summary>
    public static LatinText Load(string corpusRoot)
    {
        var path = Path.Combine(corpusRoot, "lexicon", "allowed-latin.txt");
        var lines = File.Exists(path)
            ? File.ReadLines(path).Select(l => l.Split('#')[0].Trim()).Where(l => l.Length > 0)
            : [];
        return new LatinText(lines);
    }

    /// <summary>The French words of <paramref name="text"/> written in <paramref name="language"/>; empty when it has none.</summary>
    public IReadOnlyList<string> FrenchWords(string text, RecordLanguage language)
    {
        if (language is not (RecordLanguage.Ar or RecordLanguage.Ary or RecordLanguage.AryLatn))
        {
            return [];
        }

        var found = new List<string>();
        foreach (var run in Runs(WithoutAddresses(text)))
        {
            var words = Words(run).ToList();
            var folded = words.Select(Fold).ToList();
            var allowed = new bool[words.Count];
            foreach (var phrase in _phrases)
            {
                for (var i = 0; i + phrase.Length <= words.Count; i++)
                {
                    if (!allowed[i] && folded.Skip(i).Take(phrase.Length).SequenceEqual(phrase, StringComparer.Ordinal))
                    {
                        Array.Fill(allowed, true, i, phrase.Length);
                    }
                }
            }

            for (var i = 0; i < words.Count; i++)
            {
                if (allowed[i] || _words.Contains(folded[i]) || IsAcronym(words[i]))
                {
                    continue;
                }

                if (language == RecordLanguage.AryLatn ? FrenchStopWords.Contains(folded[i]) : folded[i].Any(char.IsLetter))
                {
                    found.Add(words[i]);
                }
            }
        }

        return found;
    }

    /// <summary>The text without web addresses and site names (www.cnie.ma, https://..., wraqi.ma, e-mail addresses).</summary>
    public static string WithoutAddresses(string text) => Address().Replace(text, " ");

    // Latin-script stretches of the text; in ary_latn the whole text is one stretch.
    private static IEnumerable<string> Runs(string text) => LatinRun().Matches(text).Select(m => m.Value);

    private static IEnumerable<string> Words(string text) =>
        WordPattern().Matches(text).Select(m => m.Value.Trim('\'', '’', '-'));

    // An acronym or a roman numeral as the record writes it (CNIE, RSU, ADP060, I, II): capitals and digits only.
    private static bool IsAcronym(string word) =>
        word.Any(char.IsLetter) && word.All(c => char.IsDigit(c) || c == '-' || (char.IsLetter(c) && char.IsUpper(c)));

    /// <summary>Lower case without accents, apostrophes unified, so "Électronique" and "electronique" are one word.</summary>
    public static string Fold(string text)
    {
        var folded = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                folded.Append(c == '’' ? '\'' : char.ToLowerInvariant(c));
            }
        }

        return folded.ToString().Normalize(NormalizationForm.FormC);
    }

    // Any host name (cnie.ma, ambmaroc.ru, wraqi.ma/...), a full address, or an e-mail address.
    [GeneratedRegex(@"(https?://\S+|\b(?:[\w-]+\.)+[a-z]{2,6}\b(?:/\S*)?|\S+@\S+)", RegexOptions.IgnoreCase)]
    private static partial Regex Address();

    [GeneratedRegex(@"[\p{IsBasicLatin}\p{IsLatin-1Supplement}\p{IsLatinExtended-A}’\s]*[A-Za-zÀ-ÿ][\p{IsBasicLatin}\p{IsLatin-1Supplement}\p{IsLatinExtended-A}’\s]*")]
    private static partial Regex LatinRun();

    [GeneratedRegex(@"[\p{L}\d]+(?:['’\-][\p{L}\d]+)*")]
    private static partial Regex WordPattern();
}

/// <summary>
/// Editorial remarks that belong in a record's <c>notes</c>, never in a text a citizen reads: talk about sources,
/// pages that are cut off, figures "cited by the press around 2020", facts "not found" or "to be confirmed".
/// </summary>
public static partial class EditorialNotes
{
    private static readonly Regex[] Markers =
    [
        // French
        new(@"source\s+(secondaire|[a-z]\b)|selon le guide|guide consulté|cité(e|s)? par la presse|chiffre de \d{4}|non trouvée?s?\b|coupée? (dans|après)|à confirmer|non confirmée?s?|annoncée? en \d{4}\)|procedures-facts|\[[a-z]\]", RegexOptions.IgnoreCase),

        // English
        new(@"secondary source|\bsource [a-z]\b|according to the guide|reported by the press|\(\d{4} figure\)|not found\)|\bcut off\b|to be confirmed|not confirmed", RegexOptions.IgnoreCase),

        // Arabic and Darija in Arabic script
        new(@"مصدر ثانوي|مبتورة في المصدر|حساب الدليل|مالقيناهش|مقطوعة (ف|في )?المصدر|أوردته الصحافة|قالت الصحافة|حسب الدليل|سعر سنة \d{4}|الثمن ديال \d{4}|يحتاج إلى تأكيد|خاص يتأكد|غير مؤكد|لم يتم العثور|ما لقيناش|أعلن عنه سنة|تعلنات ف"),

        // Darija in Latin script
        new(@"masdar t(h)?anawi|m9tou3a|galt sa7afa|ta9riban f \d{4}|taman dyal \d{4}\)|khass yt2ekked|ma l9inach|mal9inahch|t3lnat f \d{4}|7sab (d|ed|l)dalil", RegexOptions.IgnoreCase),

        // Source titles: remarks on how a page was found or copied (the kind and date of the source say enough).
        new(@"sans licence|scraper|reproduite? (sur|par)|citée? d'après|copie archivée|, archive\)|ancien site|ancienne (page|fiche)", RegexOptions.IgnoreCase),
    ];

    /// <summary>The editorial remarks found in <paramref name="text"/>, outside web addresses.</summary>
    public static IReadOnlyList<string> Find(string text)
    {
        // An address is not a remark, even when it reads like one (…/anapec-jobs-scraper/…).
        var words = LatinText.WithoutAddresses(text);
        return Markers.SelectMany(m => m.Matches(words)).Select(m => m.Value).ToList();
    }
}
