using MarocAssistant.Composition;
using MarocAssistant.Language;

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
    public static Dictionary<string, string> For(Reply reply, string? detected, string? outcome)
    {
        ArgumentNullException.ThrowIfNull(reply);
        // In this order: channelData is written as it is built.
        var data = new Dictionary<string, string>(7, StringComparer.Ordinal);
        AddIfSet(data, "language", reply.Language);
        AddIfSet(data, "detected", detected);
        AddIfSet(data, "procedure", reply.ProcedureId);
        AddIfSet(data, "outcome", outcome);
        data["kind"] = reply.Kind.ToString();
        AddIfSet(data, "sourceUrl", reply.Citation?.Url);
        AddIfSet(data, "lastReviewed", reply.Citation?.LastReviewed);
        return data;
    }

    private static void AddIfSet(Dictionary<string, string> data, string key, string? value)
    {
        if (value is not null)
        {
            data[key] = value;
        }
    }

    /// <summary>The locale tag of a reply language (BCP 47, with the script for Darija).</summary>
    public static string Locale(string replyLanguage) => ReplyLanguage.Of(replyLanguage).Locale;
}
