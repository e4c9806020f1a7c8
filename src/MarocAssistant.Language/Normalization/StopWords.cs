namespace MarocAssistant.Language.Normalization;

/// <summary>
/// Function words and question words, normalised (see <see cref="TextNormalizer"/>), in the assistant's languages.
/// They carry no procedure, and in character n-grams they would match unrelated words.
/// </summary>
public static class StopWords
{
    private static readonly HashSet<string> Words = new(
        [
            // French
            "a", "au", "aux", "avec", "ce", "ces", "cette", "comment", "d", "dans", "de", "des", "du", "elle", "en", "est", "et", "etre", "faire",
            "il", "j", "je", "l", "la", "le", "les", "leur", "lui", "m", "ma", "mais", "me", "mes", "moi", "mon", "ne", "nous", "on", "ou", "par",
            "pas", "pour", "qu", "que", "quel", "quelle", "quels", "quelles", "qui", "s", "sa", "se", "ses", "son", "sur", "t", "ta", "te", "tes",
            "ton", "tu", "un", "une", "vos", "votre", "vous", "y", "c", "n", "quoi", "svp", "bonjour", "merci", "dois", "doit", "faut", "peux",
            "peut", "veux", "voudrais", "ai", "as", "suis", "sont", "mettre", "puis", "puisje", "estce", "besoin",
            // English
            "an", "and", "are", "can", "do", "does", "for", "from", "get", "how", "i", "in", "is", "it", "me", "my", "need", "of", "on", "or",
            "please", "the", "to", "want", "what", "where", "which", "who", "with", "you", "your", "should", "would", "much", "many", "hello", "hi",
            // Darija and Arabic in Latin script
            "dyal", "dyali", "dyalek", "dyalk", "dial", "diali", "dialk", "ana", "nta", "nti", "wach", "wash", "wax", "kifach", "kifash", "kifax",
            "chno", "chnou", "achno", "ach", "shno", "fin", "fine", "fayn", "bghit", "bgheet", "brit", "b4it", "3afak", "afak", "salam", "slm", "w",
            "f", "fi", "b", "bi", "mn", "men", "min", "m3a", "3la", "ila", "li", "lli", "ach", "hadi", "hada", "had", "daba", "ghir", "bach",
            "khassni", "khasni", "khsni", "5asni", "khass", "khas", "khassek", "ndir", "ndiro", "chi", "wla", "ola", "walla", "kayn", "kayna", "ki", "kif",
            // Arabic script (MSA and Darija), normalised
            "في", "من", "الى", "الي", "على", "عن", "مع", "و", "ف", "ب", "ل", "ان", "او", "ما", "هل", "كيف", "كيفاش", "واش", "شنو", "اشنو", "فين",
            "بغيت", "ديال", "ديالي", "ديالك", "انا", "هاد", "هادي", "هذا", "هذه", "التي", "الذي", "لي", "اللي", "عافاك", "السلام", "دابا", "باش",
            "خاصني", "خاص", "شي", "ولا", "اريد", "ماذا", "اين", "اي", "يمكن", "يمكنني", "كاين", "كاينه", "ندير", "عليكم",
        ],
        StringComparer.Ordinal);

    public static bool Contains(string normalizedWord) => Words.Contains(normalizedWord);
}
