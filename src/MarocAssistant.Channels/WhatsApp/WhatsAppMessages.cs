// Over 400 lines: every WhatsApp Cloud API body the assistant sends (text, reply buttons, lists) with the limits each must respect, in one place.
using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using MarocAssistant.Channels.Rendering;
using MarocAssistant.Composition;
using MarocAssistant.Language.Detection;

namespace MarocAssistant.Channels.WhatsApp;

/// <summary>A message sent with <c>POST {GraphBaseUrl}/{PhoneNumberId}/messages</c> (send-text.json, send-interactive-*.json).</summary>
public sealed class OutgoingMessage
{
    [JsonPropertyName("messaging_product")]
    public string MessagingProduct { get; set; } = "whatsapp";

    [JsonPropertyName("recipient_type")]
    public string RecipientType { get; set; } = "individual";

    /// <summary>The citizen's phone number (<c>wa_id</c>), when known.</summary>
    [JsonPropertyName("to")]
    public string? To { get; set; }

    /// <summary>The business-scoped user id, for citizens known only by it (no phone number in the webhook).</summary>
    [JsonPropertyName("recipient")]
    public string? Recipient { get; set; }

    [JsonPropertyName("type")]
    public string Type { get; set; } = "text";

    [JsonPropertyName("text")]
    public OutgoingText? Text { get; set; }

    [JsonPropertyName("interactive")]
    public OutgoingInteractive? Interactive { get; set; }
}

public sealed class OutgoingText
{
    [JsonPropertyName("preview_url")]
    public bool PreviewUrl { get; set; }

    [JsonPropertyName("body")]
    public string Body { get; set; } = "";
}

public sealed class OutgoingInteractive
{
    /// <summary><c>button</c> (reply buttons) or <c>list</c>.</summary>
    [JsonPropertyName("type")]
    public string Type { get; set; } = "button";

    [JsonPropertyName("body")]
    public InteractiveBody Body { get; set; } = new();

    [JsonPropertyName("action")]
    public InteractiveAction Action { get; set; } = new();
}

public sealed class InteractiveBody
{
    [JsonPropertyName("text")]
    public string Text { get; set; } = "";
}

public sealed class InteractiveAction
{
    [JsonPropertyName("buttons")]
    public List<ReplyButton>? Buttons { get; set; }

    /// <summary>The label of the button that opens a list.</summary>
    [JsonPropertyName("button")]
    public string? Button { get; set; }

    [JsonPropertyName("sections")]
    public List<ListSection>? Sections { get; set; }
}

public sealed class ReplyButton
{
    [JsonPropertyName("type")]
    public string Type { get; set; } = "reply";

    [JsonPropertyName("reply")]
    public ReplyButtonContent Reply { get; set; } = new();
}

public sealed class ReplyButtonContent
{
    [JsonPropertyName("id")]
    public string Id { get; set; } = "";

    [JsonPropertyName("title")]
    public string Title { get; set; } = "";
}

public sealed class ListSection
{
    [JsonPropertyName("title")]
    public string? Title { get; set; }

    [JsonPropertyName("rows")]
    public List<ListRow> Rows { get; set; } = [];
}

public sealed class ListRow
{
    [JsonPropertyName("id")]
    public string Id { get; set; } = "";

    [JsonPropertyName("title")]
    public string Title { get; set; } = "";

    [JsonPropertyName("description")]
    public string? Description { get; set; }
}

/// <summary>Marks a message read (send-mark-as-read*.json), optionally showing "typing…" until the reply.</summary>
public sealed class ReadReceipt
{
    [JsonPropertyName("messaging_product")]
    public string MessagingProduct { get; set; } = "whatsapp";

    [JsonPropertyName("status")]
    public string Status { get; set; } = "read";

    [JsonPropertyName("message_id")]
    public string MessageId { get; set; } = "";

    [JsonPropertyName("typing_indicator")]
    public TypingIndicator? TypingIndicator { get; set; }
}

public sealed class TypingIndicator
{
    [JsonPropertyName("type")]
    public string Type { get; set; } = "text";
}

/// <summary>The Graph API error body: <c>{"error":{"code":131009,"message":"..."}}</c>.</summary>
public sealed class GraphErrorResponse
{
    [JsonPropertyName("error")]
    public GraphError? Error { get; set; }
}

public sealed class GraphError
{
    [JsonPropertyName("code")]
    public int? Code { get; set; }

    [JsonPropertyName("type")]
    public string? Type { get; set; }
}

/// <summary>Where a reply goes: the phone number when the webhook gave one, else the business-scoped user id.</summary>
public sealed record WhatsAppRecipient(string? Phone, string? BusinessScopedUserId);

/// <summary>
/// Renders a pipeline <see cref="Reply"/> as WhatsApp messages within the Cloud API limits (specs/README.md §3):
/// no buttons → text (≤ 4096 characters a message); 1–3 buttons → reply buttons (title ≤ 20, id ≤ 256, body ≤ 1024);
/// 4 or more → a list (≤ 10 rows, title ≤ 24, description ≤ 72, id ≤ 200, button label ≤ 20).
/// A text too long for one message is split between paragraphs, never cut: the last paragraphs carry the buttons.
/// Each button's id is the text the assistant expects back, so a tap reads like the citizen typed it.
/// </summary>
public static class WhatsAppMessageBuilder
{
    public const int MaxTextBody = 4096;
    public const int MaxInteractiveBody = 1024;
    public const int MaxButtons = 3;
    public const int MaxButtonTitle = 20;
    public const int MaxButtonId = 256;
    public const int MaxRows = 10;
    public const int MaxRowTitle = 24;
    public const int MaxRowDescription = 72;
    public const int MaxRowId = 200;
    public const int MaxListButton = 20;

    private const string ParagraphBreak = "\n\n";

    public static IReadOnlyList<OutgoingMessage> Build(Reply reply, WhatsAppRecipient recipient)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var actions = reply.Actions.Where(a => !string.IsNullOrWhiteSpace(a.Value)).ToList();
        var text = WhatsAppFormat.Render(reply).Trim();
        if (actions.Count == 0)
        {
            return Split(text, MaxTextBody).Select(chunk => TextMessage(chunk, recipient)).ToList();
        }

        // An answer with the official link: interactive bodies show no preview, so the answer goes as text (the link
        // previewed) and the buttons follow under a short "more details" line.
        if (reply.Kind == ReplyKind.Answer && WhatsAppFormat.HasLink(text))
        {
            var answer = Split(text, MaxTextBody).Select(chunk => TextMessage(chunk, recipient)).ToList();
            answer.Add(Interactive(DetailsPrompt(reply.Language), actions, reply.Language, recipient));
            return answer;
        }

        // The buttons go with the last paragraphs that fit an interactive body; what comes before goes as text.
        var (head, tail) = SplitTail(text, MaxInteractiveBody);
        var messages = head.Length == 0 ? [] : Split(head, MaxTextBody).Select(chunk => TextMessage(chunk, recipient)).ToList();
        messages.Add(Interactive(tail, actions, reply.Language, recipient));
        return messages;
    }

    private static OutgoingMessage TextMessage(string body, WhatsAppRecipient recipient) => new()
    {
        To = recipient.Phone,
        Recipient = recipient.Phone is null ? recipient.BusinessScopedUserId : null,
        Type = "text",
        Text = new OutgoingText { Body = body, PreviewUrl = WhatsAppFormat.HasLink(body) },
    };

    private static OutgoingMessage Interactive(string body, List<SuggestedAction> actions, string language, WhatsAppRecipient recipient)
    {
        var message = new OutgoingMessage
        {
            To = recipient.Phone,
            Recipient = recipient.Phone is null ? recipient.BusinessScopedUserId : null,
            Type = "interactive",
        };
        if (actions.Count <= MaxButtons)
        {
            var titles = Unique(actions.Select(a => a.Title).ToList(), MaxButtonTitle);
            message.Interactive = new OutgoingInteractive
            {
                Type = "button",
                Body = new InteractiveBody { Text = body },
                Action = new InteractiveAction
                {
                    Buttons = actions.Select((a, i) => new ReplyButton
                    {
                        Reply = new ReplyButtonContent { Id = Truncate(a.Value, MaxButtonId), Title = titles[i] },
                    }).ToList(),
                },
            };
            return message;
        }

        var rows = actions.Take(MaxRows).ToList();
        var rowTitles = Unique(rows.Select(a => a.Title).ToList(), MaxRowTitle);
        message.Interactive = new OutgoingInteractive
        {
            Type = "list",
            Body = new InteractiveBody { Text = body },
            Action = new InteractiveAction
            {
                Button = Truncate(ListButtonLabel(language), MaxListButton),
                Sections =
                [
                    new ListSection
                    {
                        Rows = rows.Select((a, i) => new ListRow
                        {
                            Id = Truncate(a.Value, MaxRowId),
                            Title = rowTitles[i],
                            // A title cut short is given in full underneath.
                            Description = rowTitles[i] == a.Title.Trim() ? null : Truncate(a.Title, MaxRowDescription),
                        }).ToList(),
                    },
                ],
            },
        };
        return message;
    }

    /// <summary>Splits a text into pieces of at most <paramref name="max"/> characters, between paragraphs, else lines, else anywhere.</summary>
    public static List<string> Split(string text, int max)
    {
        var pieces = new List<string>();
        var rest = text.Trim();
        while (rest.Length > max)
        {
            var cut = rest.LastIndexOf(ParagraphBreak, max, StringComparison.Ordinal);
            if (cut <= 0)
            {
                cut = rest.LastIndexOf('\n', max - 1);
            }

            if (cut <= 0)
            {
                cut = SafeCut(rest, max);
            }

            pieces.Add(rest[..cut].Trim());
            rest = rest[cut..].Trim();
        }

        if (rest.Length > 0)
        {
            pieces.Add(rest);
        }

        return pieces;
    }

    /// <summary>The text before its last paragraphs, and those last paragraphs (at most <paramref name="max"/> characters, at least one piece).</summary>
    private static (string Head, string Tail) SplitTail(string text, int max)
    {
        if (text.Length <= max)
        {
            return ("", text);
        }

        var start = text.Length;
        while (true)
        {
            var previous = start <= 0 ? -1 : text.LastIndexOf(ParagraphBreak, start - 1, StringComparison.Ordinal);
            if (previous < 0 || text.Length - (previous + ParagraphBreak.Length) > max)
            {
                break;
            }

            start = previous;
        }

        if (start == text.Length)
        {
            // Even the last paragraph is too long: its end goes with the buttons.
            var pieces = Split(text, max);
            return (string.Join(ParagraphBreak, pieces.Take(pieces.Count - 1)), pieces[^1]);
        }

        return (text[..start].Trim(), text[start..].Trim());
    }

    /// <summary>The largest cut at or below <paramref name="max"/> that does not split a text element (a letter and its marks).</summary>
    private static int SafeCut(string text, int max)
    {
        var cut = 0;
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext() && elements.ElementIndex + elements.GetTextElement().Length <= max)
        {
            cut = elements.ElementIndex + elements.GetTextElement().Length;
        }

        return cut > 0 ? cut : max;
    }

    /// <summary>The body above the detail buttons of an answer sent as text, in the reply's language.</summary>
    public static string DetailsPrompt(string replyLanguage) => replyLanguage switch
    {
        LanguageLabels.DarijaLatin => "Tafasil khrin:",
        LanguageLabels.DarijaArabic => "تفاصيل خرين:",
        LanguageLabels.StandardArabic => "تفاصيل أخرى:",
        LanguageLabels.English => "More details:",
        _ => "Plus de détails :",
    };

    /// <summary>The label of the button that opens a list, in the reply's language.</summary>
    public static string ListButtonLabel(string replyLanguage) => replyLanguage switch
    {
        LanguageLabels.DarijaLatin => "Khtar",
        LanguageLabels.DarijaArabic => "ختار",
        LanguageLabels.StandardArabic => "اختر",
        LanguageLabels.English => "Choose",
        _ => "Choisir",
    };

    /// <summary>Cuts to <paramref name="max"/> characters (whole text elements), ending with an ellipsis when cut.</summary>
    public static string Truncate(string text, int max)
    {
        text = text.Trim();
        if (text.Length <= max)
        {
            return text;
        }

        var result = new StringBuilder();
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var element = elements.GetTextElement();
            if (result.Length + element.Length > max - 1)
            {
                break;
            }

            result.Append(element);
        }

        return result.ToString().TrimEnd() + "…";
    }

    /// <summary>Truncated titles, made unique (WhatsApp refuses two buttons with the same title).</summary>
    private static List<string> Unique(List<string> titles, int max)
    {
        var result = new List<string>(titles.Count);
        foreach (var title in titles)
        {
            var candidate = Truncate(title, max);
            for (var n = 2; result.Contains(candidate, StringComparer.Ordinal); n++)
            {
                var suffix = " " + n.ToString(CultureInfo.InvariantCulture);
                candidate = Truncate(title, max - suffix.Length).TrimEnd('…') + suffix;
            }

            result.Add(candidate);
        }

        return result;
    }
}
