using MarocAssistant.Composition;
using MarocAssistant.Language.Detection;

namespace MarocAssistant.Activities;

/// <summary>
/// What a reply activity carries besides its text, the same for every channel that speaks Bot Framework activities
/// and for the transcript recorder: the locale tag of the reply language, and the <c>channelData</c> that testers
/// and <c>maroc replay</c> read (language, detected, procedure, outcome, kind, source).
/// </summary>
public static class ReplyChannelData
{
    /// <summary>
    /// The <c>channelData</c> fields of a reply; absent values are left out. <paramref name="detected"/> and
    /// <paramref name="outcome"/> come from the turn, when the reply has one.
    /// </summary>
    public static Dictionary<string, string> For(Reply reply, string? detected, string? outcome) =>
        new Dictionary<string, string?>
        {
            ["language"] = reply.Language,
            ["detected"] = detected,
            ["procedure"] = reply.ProcedureId,
            ["outcome"] = outcome,
            ["kind"] = reply.Kind.ToString(),
            ["sourceUrl"] = reply.Citation?.Url,
            ["lastReviewed"] = reply.Citation?.LastReviewed,
        }.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!);

    /// <summary>The locale tag of a reply language (BCP 47, with the script for Darija).</summary>
    public static string Locale(string replyLanguage) => replyLanguage switch
    {
        LanguageLabels.DarijaArabic => "ary-Arab-MA",
        LanguageLabels.DarijaLatin => "ary-Latn-MA",
        LanguageLabels.StandardArabic => "ar-MA",
        LanguageLabels.English => "en",
        _ => "fr-MA",
    };
}
