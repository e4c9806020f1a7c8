using MarocAssistant.Language;
using MarocAssistant.Retrieval.Corpus;

namespace MarocAssistant.Composition;

/// <summary>The reply-language facts of <see cref="ReplyLanguage"/> for the string labels kept in state and replies.</summary>
public static class ReplyLanguages
{
    /// <summary>The languages the assistant writes, as detection labels.</summary>
    public static IReadOnlyList<string> All { get; } = ReplyLanguage.All.Select(l => l.Label).ToList();

    /// <summary>The reply label for a detected label; null when the assistant does not write that language.</summary>
    public static string? ForDetected(string detectedLabel) => ReplyLanguage.ForDetected(detectedLabel)?.Label;

    public static RecordLanguage ToRecordLanguage(string replyLabel) => RecordLanguages.Of(ReplyLanguage.Of(replyLabel));

    /// <summary>True for the labels written right to left.</summary>
    public static bool IsRightToLeft(string replyLabel) => ReplyLanguage.Of(replyLabel).IsRightToLeft;
}
