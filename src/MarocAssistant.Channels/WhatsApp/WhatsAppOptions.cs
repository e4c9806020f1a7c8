using System.ComponentModel.DataAnnotations;

namespace MarocAssistant.Channels.WhatsApp;

/// <summary>Settings of the WhatsApp Cloud API channel (section <c>WhatsApp</c>).</summary>
public sealed class WhatsAppOptions : IValidatableObject
{
    public const string SectionName = "WhatsApp";

    /// <summary>The token typed in Meta's webhook settings; the GET handshake must present it. Empty: handshakes are refused.</summary>
    public string VerifyToken { get; set; } = "";

    /// <summary>The Meta app secret that signs webhook bodies (<c>X-Hub-Signature-256</c>). Empty: every POST is refused.</summary>
    public string AppSecret { get; set; } = "";

    /// <summary>The access token (system user or app token) used to call the Graph API.</summary>
    public string AccessToken { get; set; } = "";

    /// <summary>The business phone number id that sends the replies; messages to another number are ignored.</summary>
    public string PhoneNumberId { get; set; } = "";

    /// <summary>The Graph API root including its version path. Tests point it at a loopback server.</summary>
    [Required]
    public string GraphBaseUrl { get; set; } = "https://graph.facebook.com/v23.0";

    /// <summary>Largest webhook body accepted, in bytes.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxRequestBytes { get; set; } = 1024 * 1024;

    /// <summary>Messages waiting to be answered, per worker; when full, the webhook answers 503 and Meta retries later.</summary>
    [Range(1, 1_000_000)]
    public int QueueCapacity { get; set; } = 1000;

    /// <summary>Messages answered in parallel. A citizen's messages always go to the same worker, so they stay in order.</summary>
    [Range(1, 64)]
    public int Workers { get; set; } = 2;

    /// <summary>How long a message id is remembered to answer a retried webhook once only (Meta retries for up to 7 days).</summary>
    [Range(1, 60 * 24 * 30)]
    public int DuplicateWindowMinutes { get; set; } = 7 * 24 * 60;

    /// <summary>Attempts per Graph call, retrying on 429 and 5xx with exponential backoff.</summary>
    [Range(1, 10)]
    public int MaxSendAttempts { get; set; } = 4;

    /// <summary>First retry delay; each retry doubles it (with jitter). A <c>Retry-After</c> header wins when given.</summary>
    [Range(1, 60_000)]
    public int RetryBaseDelayMilliseconds { get; set; } = 500;

    /// <summary>Longest wait between two attempts, whatever <c>Retry-After</c> says.</summary>
    [Range(1, 600)]
    public int MaxRetryDelaySeconds { get; set; } = 30;

    /// <summary>Timeout of one Graph call.</summary>
    [Range(1, 120)]
    public int SendTimeoutSeconds { get; set; } = 10;

    /// <summary>Show "typing…" with the read receipt until the answer is sent.</summary>
    public bool TypingIndicator { get; set; } = true;

    /// <summary>Webhooks are accepted (an app secret is set).</summary>
    public bool Enabled => AppSecret.Length > 0;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!(Uri.TryCreate(GraphBaseUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            yield return new ValidationResult("WhatsApp:GraphBaseUrl must be an absolute http(s) URL.");
        }

        if (Enabled && (AccessToken.Length == 0 || PhoneNumberId.Length == 0))
        {
            yield return new ValidationResult("WhatsApp:AccessToken and WhatsApp:PhoneNumberId are required when WhatsApp:AppSecret is set.");
        }
    }
}
