using MarocAssistant.Language.Detection;
using MarocAssistant.Retrieval.Corpus;

namespace MarocAssistant.Composition;

/// <summary>Maps detected language labels to the language and script the assistant replies in.</summary>
public static class ReplyLanguages
{
    /// <summary>The languages the assistant writes, as detection labels.</summary>
    public static IReadOnlyList<string> All { get; } =
        [LanguageLabels.DarijaArabic, LanguageLabels.DarijaLatin, LanguageLabels.StandardArabic, LanguageLabels.French, LanguageLabels.English];

    /// <summary>The reply label for a detected label; null when the assistant does not write that language.</summary>
    public static string? ForDetected(string detectedLabel) =>
        LanguageLabels.IsAnswerLanguage(detectedLabel) ? detectedLabel : null;

    public static RecordLanguage ToRecordLanguage(string replyLabel) => replyLabel switch
    {
        LanguageLabels.DarijaArabic => RecordLanguage.Ary,
        LanguageLabels.DarijaLatin => RecordLanguage.AryLatn,
        LanguageLabels.StandardArabic => RecordLanguage.Ar,
        LanguageLabels.English => RecordLanguage.En,
        _ => RecordLanguage.Fr,
    };

    /// <summary>True for the labels written right to left.</summary>
    public static bool IsRightToLeft(string replyLabel) =>
        replyLabel is LanguageLabels.DarijaArabic or LanguageLabels.StandardArabic;
}
