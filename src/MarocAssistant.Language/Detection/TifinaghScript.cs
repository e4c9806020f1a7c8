namespace MarocAssistant.Language.Detection;

/// <summary>
/// Tifinagh is a script of its own (U+2D30–U+2D7F): no other label is written in it, and the project has too little
/// Tamazight text to learn it well. A message whose letters are mostly Tifinagh is therefore <c>zgh-Tfng</c> by rule,
/// whatever the model says; the model still gives the word verdicts behind the mixed flag.
/// </summary>
public static class TifinaghScript
{
    /// <summary>
    /// The share of the message's letters that are Tifinagh when it is at least half of them, else 0 (also for a
    /// message without letters). The share doubles as the detector's confidence.
    /// </summary>
    public static float DominantShare(ReadOnlySpan<char> text)
    {
        int tifinagh = 0, letters = 0;
        foreach (var c in text)
        {
            if (c is >= '\u2D30' and <= '\u2D7F')
            {
                tifinagh++;
                letters++;
            }
            else if (char.IsLetter(c))
            {
                letters++;
            }
        }

        return tifinagh > 0 && 2 * tifinagh >= letters ? (float)tifinagh / letters : 0f;
    }
}
