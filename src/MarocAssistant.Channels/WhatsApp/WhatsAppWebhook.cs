using System.Text.Json;
using System.Text.Json.Serialization;

namespace MarocAssistant.Channels.WhatsApp;

/// <summary>
/// A webhook notification (shared/specs/whatsapp/webhook-*.json):
/// <c>{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{...}}]}]}</c>.
/// Only the fields the assistant reads are modelled; everything else is ignored.
/// </summary>
public sealed class WebhookPayload
{
    [JsonPropertyName("object")]
    public string? Object { get; set; }

    [JsonPropertyName("entry")]
    public List<WebhookEntry>? Entry { get; set; }
}

public sealed class WebhookEntry
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("changes")]
    public List<WebhookChange>? Changes { get; set; }
}

public sealed class WebhookChange
{
    [JsonPropertyName("field")]
    public string? Field { get; set; }

    [JsonPropertyName("value")]
    public WebhookValue? Value { get; set; }
}

public sealed class WebhookValue
{
    [JsonPropertyName("messaging_product")]
    public string? MessagingProduct { get; set; }

    [JsonPropertyName("metadata")]
    public WebhookMetadata? Metadata { get; set; }

    [JsonPropertyName("contacts")]
    public List<WebhookContact>? Contacts { get; set; }

    [JsonPropertyName("messages")]
    public List<WebhookMessage>? Messages { get; set; }

    /// <summary>Delivery receipts (sent, delivered, read, failed): nothing to answer.</summary>
    [JsonPropertyName("statuses")]
    public List<JsonElement>? Statuses { get; set; }
}

public sealed class WebhookMetadata
{
    [JsonPropertyName("display_phone_number")]
    public string? DisplayPhoneNumber { get; set; }

    [JsonPropertyName("phone_number_id")]
    public string? PhoneNumberId { get; set; }
}

public sealed class WebhookContact
{
    [JsonPropertyName("wa_id")]
    public string? WaId { get; set; }

    /// <summary>The business-scoped user id (BSUID), present from 2026; a user with a username may have no <c>wa_id</c>.</summary>
    [JsonPropertyName("user_id")]
    public string? UserId { get; set; }
}

public sealed class WebhookMessage
{
    [JsonPropertyName("from")]
    public string? From { get; set; }

    [JsonPropertyName("from_user_id")]
    public string? FromUserId { get; set; }

    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("timestamp")]
    public string? Timestamp { get; set; }

    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("text")]
    public WebhookText? Text { get; set; }

    [JsonPropertyName("interactive")]
    public WebhookInteractive? Interactive { get; set; }

    /// <summary>A template quick-reply button (<c>type:"button"</c>), not the interactive shape.</summary>
    [JsonPropertyName("button")]
    public WebhookTemplateButton? Button { get; set; }
}

public sealed class WebhookText
{
    [JsonPropertyName("body")]
    public string? Body { get; set; }
}

public sealed class WebhookInteractive
{
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("button_reply")]
    public WebhookReplyChoice? ButtonReply { get; set; }

    [JsonPropertyName("list_reply")]
    public WebhookReplyChoice? ListReply { get; set; }
}

public sealed class WebhookReplyChoice
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("title")]
    public string? Title { get; set; }
}

public sealed class WebhookTemplateButton
{
    [JsonPropertyName("payload")]
    public string? Payload { get; set; }

    [JsonPropertyName("text")]
    public string? Text { get; set; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WebhookPayload))]
[JsonSerializable(typeof(OutgoingMessage))]
[JsonSerializable(typeof(ReadReceipt))]
[JsonSerializable(typeof(GraphErrorResponse))]
public sealed partial class WhatsAppJsonContext : JsonSerializerContext
{
    /// <summary>For outgoing bodies: Arabic and accented text written as UTF-8, not as \u escapes (the body is JSON, never HTML).</summary>
    public static WhatsAppJsonContext Outgoing { get; } = new(new JsonSerializerOptions
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
