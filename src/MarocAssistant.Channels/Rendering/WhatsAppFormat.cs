using System.Text.RegularExpressions;
using MarocAssistant.Composition;

namespace MarocAssistant.Channels.Rendering;

/// <summary>
/// A reply in WhatsApp's own formatting: the procedure's title and the "Label:" of each line in <c>*bold*</c>;
/// numbered steps and "- " documents stay as WhatsApp shows lists; addresses stay bare (WhatsApp makes them links and
/// previews the first one). Right-to-left replies get <see cref="BidiIsolates"/> around Latin runs.
/// </summary>
public static partial class WhatsAppFormat
{
    public static string Render(Reply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var rtl = ReplyLanguages.IsRightToLeft(reply.Language);
        var lines = reply.Text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim().Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (reply.Kind == ReplyKind.Answer && i == 0)
            {
                line = "*" + line.Replace("*", "", StringComparison.Ordinal) + "*";
            }
            else if (reply.Kind == ReplyKind.Answer && Label().Match(line) is { Success: true } field && !field.Groups["rest"].Value.StartsWith("//", StringComparison.Ordinal))
            {
                line = "*" + field.Groups["label"].Value + "*" + field.Groups["colon"].Value + field.Groups["rest"].Value;
            }

            lines[i] = rtl ? BidiIsolates.Isolate(line) : line;
        }

        return string.Join("\n", lines);
    }

    /// <summary>Whether the text holds an address (then WhatsApp shows a preview of the first one).</summary>
    public static bool HasLink(string text) => Url().IsMatch(text);

    [GeneratedRegex(@"^(?<label>[^:*\d\n]{1,30}?)(?<colon> ?: ?)(?<rest>.+)$")]
    private static partial Regex Label();

    [GeneratedRegex(@"https?://\S+", RegexOptions.IgnoreCase)]
    private static partial Regex Url();
}
