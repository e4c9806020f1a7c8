namespace MarocAssistant.Language.Detection;

/// <summary>
/// A rule-based detector from the script of the letters and a few marker words. It is the fallback when
/// the ONNX model is not available, and the baseline the model is measured against.
/// </summary>
public sealed class ScriptLanguageDetector : ILanguageDetector
{
    private static readonly HashSet<string> DarijaArabicMarkers =
    [
        "ديال", "ديالي", "بغيت", "واش", "كيفاش", "فين", "شحال", "بشحال", "دابا", "خاصني", "شنو", "علاش", "مزيان", "بزاف", "لاكارط", "نجدد", "ندير",
    ];

    private static readonly HashSet<string> DarijaLatinMarkers =
    [
        "dyal", "dyali", "bghit", "wach", "kifach", "kifash", "fin", "ch7al", "bch7al", "daba", "khassni", "chno", "chnou", "3afak", "salam",
        "slm", "ndir", "nkhrej", "lakart", "lbasbor", "lpermis", "mzyan", "bzaf", "3lach", "ila", "khas", "m3a", "li",
    ];

    private static readonly HashSet<string> FrenchMarkers =
    [
        "je", "le", "la", "les", "de", "des", "du", "pour", "comment", "est", "une", "un", "carte", "bonjour", "merci", "quels", "quel", "mon", "ma", "mes",
        "faire", "avoir", "où", "combien", "papiers", "demande", "renouveler", "voudrais", "sur", "et", "vos", "votre", "vous", "au", "aux",
        "avec", "dans", "sont", "il", "nous", "prenez", "apportez", "êtes", "pas",
    ];

    private static readonly HashSet<string> EnglishMarkers =
    [
        "the", "how", "what", "is", "do", "i", "my", "to", "for", "can", "where", "need", "get", "card", "hello", "thanks", "which", "much",
    ];

    private static readonly HashSet<string> SpanishMarkers =
    [
        "el", "los", "por", "cómo", "como", "qué", "hola", "gracias", "necesito", "dónde", "quiero", "una", "es", "tarjeta",
    ];

    public LanguageResult Detect(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (TifinaghScript.DominantShare(text) > 0f)
        {
            return new LanguageResult(LanguageLabels.TamazightTifinagh, 0.9f);
        }

        int arabic = 0, latin = 0;
        foreach (var c in text)
        {
            if (c is >= '\u0600' and <= '\u06FF')
            {
                arabic++;
            }
            else if (char.IsLetter(c) && c < '\u0250')
            {
                latin++;
            }
        }

        var words = Tokenize(text);
        if (arabic >= latin && arabic > 0)
        {
            var darija = words.Count(DarijaArabicMarkers.Contains);
            return darija > 0
                ? new LanguageResult(LanguageLabels.DarijaArabic, 0.7f)
                : new LanguageResult(LanguageLabels.StandardArabic, 0.4f);
        }

        if (latin == 0)
        {
            return new LanguageResult(LanguageLabels.French, 0.2f);
        }

        var scores = new (string Label, int Score)[]
        {
            (LanguageLabels.DarijaLatin, words.Count(w => DarijaLatinMarkers.Contains(w) || HasArabiziDigit(w)) * 2),
            (LanguageLabels.French, words.Count(FrenchMarkers.Contains)),
            (LanguageLabels.English, words.Count(EnglishMarkers.Contains)),
            (LanguageLabels.Spanish, words.Count(SpanishMarkers.Contains)),
        };
        var best = scores.MaxBy(s => s.Score);
        return best.Score == 0
            ? new LanguageResult(LanguageLabels.French, 0.3f)
            : new LanguageResult(best.Label, 0.6f);
    }

    private static bool HasArabiziDigit(string word) =>
        word.Length > 1 && word.Any(char.IsLetter) && word.Any(c => c is '3' or '7' or '9' or '2' or '5' or '8');

    private static List<string> Tokenize(string text) =>
        text.ToLowerInvariant()
            .Split([' ', '\t', '\n', '\r', ',', '.', '?', '!', '؟', '،', ':', ';', '\'', '"', '(', ')'], StringSplitOptions.RemoveEmptyEntries)
            .ToList();
}
