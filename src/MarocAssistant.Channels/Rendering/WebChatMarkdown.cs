using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using MarocAssistant.Composition;
using MarocAssistant.Composition.Answers;

namespace MarocAssistant.Channels.Rendering;

/// <summary>
/// Renders a reply as markdown for Web Chat (and the Emulator, which renders it too): the procedure's title in bold,
/// "Label: value" lines with a bold label, numbered steps and bulleted documents as lists, every address a link, and
/// the site on the source line linked to the cited page. Everything else (the citizen's words, the record's texts) is
/// escaped, so a record or a message can never inject a link, HTML or emphasis. Right-to-left replies get
/// <see cref="BidiIsolates"/> around Latin runs. The plain text stays in <see cref="Reply.Text"/> for transcripts.
/// </summary>
public static partial class WebChatMarkdown
{
    public const string TextFormat = "markdown";

    // Answers are composed once and shared by every turn that gives them (TemplateAnswerComposer), so each is rendered
    // once too, for as long as the reply lives; other replies are short and rendered each time.
    private static readonly ConditionalWeakTable<Reply, string> RenderedAnswers = new();

    public static string Render(Reply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return reply.Kind == ReplyKind.Answer ? RenderedAnswers.GetValue(reply, RenderOnce) : RenderOnce(reply);
    }

    private static string RenderOnce(Reply reply)
    {
        var rtl = ReplyLanguages.IsRightToLeft(reply.Language);
        var lines = reply.Text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd().Split('\n');
        var sourceSite = reply.Citation is { Url.Length: > 0 } citation ? TemplateAnswerComposer.SiteName(citation.Url) : null;
        var blocks = new List<string>();
        var paragraph = new List<string>();
        var list = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                Flush();
                continue;
            }

            if (ListItem().Match(line) is { Success: true } item)
            {
                FlushParagraph();
                list.Add(item.Groups["marker"].Value + " " + Inline(item.Groups["text"].Value, rtl));
                continue;
            }

            FlushList();
            if (i == 0 && reply.Kind == ReplyKind.Answer)
            {
                blocks.Add("**" + Escape(rtl ? BidiIsolates.Isolate(line) : line) + "**");
                continue;
            }

            var isSource = i == lines.Length - 1 && sourceSite is not null && reply.Kind == ReplyKind.Answer && line.Contains(sourceSite, StringComparison.Ordinal);
            paragraph.Add(isSource ? SourceLine(line, sourceSite!, reply.Citation!.Url, rtl) : Field(line, rtl));
        }

        Flush();
        return string.Join("\n\n", blocks);

        void Flush()
        {
            FlushParagraph();
            FlushList();
        }

        // Lines of one paragraph keep their own line: a hard break (two spaces) between them, since Web Chat's
        // markdown does not break on a bare newline.
        void FlushParagraph()
        {
            if (paragraph.Count > 0)
            {
                blocks.Add(string.Join("  \n", paragraph));
                paragraph.Clear();
            }
        }

        void FlushList()
        {
            if (list.Count > 0)
            {
                blocks.Add(string.Join("\n", list));
                list.Clear();
            }
        }
    }

    /// <summary>"Frais : 500 DH" → "**Frais** : 500 DH"; a line without a short label is inline text.</summary>
    private static string Field(string line, bool rtl)
    {
        var match = Label().Match(line);
        if (!match.Success || match.Groups["rest"].Value.StartsWith("//", StringComparison.Ordinal))
        {
            return Inline(line, rtl);
        }

        return "**" + Escape(match.Groups["label"].Value) + "**" + match.Groups["colon"].Value + Inline(match.Groups["rest"].Value, rtl);
    }

    /// <summary>"Source : passeport.ma (officiel, 2024)" with the site linked to the cited page.</summary>
    private static string SourceLine(string line, string site, string url, bool rtl)
    {
        var at = line.IndexOf(site, StringComparison.Ordinal);
        var before = line[..at];
        var colon = before.LastIndexOf(':');
        var label = colon > 0 && before[..colon].Trim().Length is > 0 and <= 30
            ? "**" + Escape(before[..colon].TrimEnd()) + "**" + before[before[..colon].TrimEnd().Length..]
            : Inline(before, rtl);
        return label + Link(site, url, rtl) + Inline(line[(at + site.Length)..], rtl);
    }

    /// <summary>Escaped text with every address made a link.</summary>
    public static string Inline(string text, bool rtl)
    {
        var result = new StringBuilder();
        var last = 0;
        foreach (Match url in Url().Matches(text))
        {
            var address = url.Value.TrimEnd('.', ',', ';', ':', '!', '?', ')', '،', '؛');
            result.Append(Escape(Bidi(text[last..url.Index], rtl))).Append(Link(Display(address), address, rtl));
            last = url.Index + address.Length;
        }

        return result.Append(Escape(Bidi(text[last..], rtl))).ToString();
    }

    private static string Link(string display, string url, bool rtl) =>
        "[" + Escape(Bidi(display, rtl)) + "](" + url.Replace("(", "%28", StringComparison.Ordinal).Replace(")", "%29", StringComparison.Ordinal).Replace(" ", "%20", StringComparison.Ordinal) + ")";

    /// <summary>An address as a citizen reads it: without "https://" and "www.", nor a lone trailing slash.</summary>
    public static string Display(string url)
    {
        var display = url;
        foreach (var prefix in new[] { "https://", "http://", "www." })
        {
            if (display.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                display = display[prefix.Length..];
            }
        }

        return display.EndsWith('/') && display.IndexOf('/', StringComparison.Ordinal) == display.Length - 1 ? display[..^1] : display;
    }

    private static string Bidi(string text, bool rtl) => rtl ? BidiIsolates.Isolate(text) : text;

    /// <summary>Backslash-escapes what markdown (and the HTML Web Chat allows in it) would read as syntax.</summary>
    public static string Escape(string text)
    {
        var result = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '#' or '|' or '~' or '!' or '&')
            {
                result.Append('\\');
            }

            result.Append(c);
        }

        return result.ToString();
    }

    [GeneratedRegex(@"^(?<marker>\d{1,2}\.|-) (?<text>.+)$")]
    private static partial Regex ListItem();

    // A short label before a colon (Latin or Arabic), without digits: "Frais", "Où", "شحال كتخلص".
    [GeneratedRegex(@"^(?<label>[^:\d\n]{1,30}?)(?<colon> ?: ?)(?<rest>.+)$")]
    private static partial Regex Label();

    [GeneratedRegex(@"https?://[^\s<>\[\]""]+", RegexOptions.IgnoreCase)]
    private static partial Regex Url();
}
