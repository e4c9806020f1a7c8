namespace MarocAssistant.Conversation.Understanding;

/// <summary>
/// Recognises greetings, thanks and help requests from short phrase lists in every language and script.
/// A message counts as small talk only when it is short and made of such words, so "salam bghit lbasbor" stays a question.
/// </summary>
public sealed class PhraseTurnUnderstanding : ITurnUnderstanding
{
    private static readonly HashSet<string> Greetings =
    [
        "salam", "slm", "salamo", "alaykom", "alikom", "3alikom", "3likom", "3alaykom", "assalamu", "alaikum", "bonjour", "bonsoir", "salut", "hello",
        "hi", "hey", "ahlan", "marhba", "labas", "cv", "سلام", "السلام", "عليكم", "مرحبا", "أهلا", "اهلا", "صباح", "الخير", "مساء", "لاباس", "sbah", "lkhir",
        "msa", "coucou", "wa", "و",
    ];

    private static readonly HashSet<string> Thanks =
    [
        "merci", "thanks", "thank", "you", "chokran", "choukran", "shukran", "chokrane", "beaucoup", "bzaf", "barak", "allah", "fik", "lahi", "شكرا", "بزاف",
        "بارك", "الله", "فيك", "جزاك", "خيرا", "mercii", "thx", "ty", "lot", "much", "very", "a",
    ];

    private static readonly HashSet<string> HelpWords =
    [
        "aide", "help", "3awni", "3awenni", "mosa3ada", "مساعدة", "عاوني", "ساعدني",
    ];

    private static readonly string[] HelpPhrases =
    [
        "what can you do", "que peux-tu faire", "que pouvez-vous faire", "chno t9der dir", "chnou t9der tdir", "ash t9der dir", "شنو تقدر دير",
        "ماذا يمكنك", "aide", "help",
    ];

    public TurnIntent Understand(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lowered = text.Trim().ToLowerInvariant();
        foreach (var phrase in HelpPhrases)
        {
            if (lowered.Contains(phrase, StringComparison.Ordinal) && lowered.Length <= phrase.Length + 12)
            {
                return TurnIntent.Help;
            }
        }

        var words = lowered.Split([' ', ',', '.', '!', '?', '؟', '،', '\n'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0 || words.Length > 6)
        {
            return TurnIntent.Question;
        }

        if (words.All(w => Thanks.Contains(w)) && words.Any(w => w is not ("a" or "you" or "allah" or "bzaf" or "beaucoup" or "lot" or "much" or "very")))
        {
            return TurnIntent.Thanks;
        }

        if (words.All(w => Greetings.Contains(w)))
        {
            return TurnIntent.Greeting;
        }

        return words.All(HelpWords.Contains) ? TurnIntent.Help : TurnIntent.Question;
    }
}
