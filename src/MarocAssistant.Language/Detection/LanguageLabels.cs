namespace MarocAssistant.Language.Detection;

/// <summary>The labels the language identifier knows, as BCP-47-like tags with a script where it matters.</summary>
public static class LanguageLabels
{
    /// <summary>Moroccan Darija in Arabic script.</summary>
    public const string DarijaArabic = "ary-Arab";

    /// <summary>Moroccan Darija in Latin script ("Arabizi").</summary>
    public const string DarijaLatin = "ary-Latn";

    /// <summary>Modern Standard Arabic.</summary>
    public const string StandardArabic = "arb";

    public const string French = "fr";

    public const string English = "en";

    public const string Spanish = "es";

    /// <summary>Standard Moroccan Tamazight in Tifinagh.</summary>
    public const string TamazightTifinagh = "zgh-Tfng";

    /// <summary>Tamazight written in Latin script.</summary>
    public const string TamazightLatin = "ber-Latn";

    public static IReadOnlyList<string> All { get; } =
        [DarijaArabic, DarijaLatin, StandardArabic, French, English, Spanish, TamazightTifinagh, TamazightLatin];

    /// <summary>True for the labels the assistant answers in (the others get a polite choice of language).</summary>
    public static bool IsAnswerLanguage(string label) => ReplyLanguage.ForDetected(label) is not null;
}
