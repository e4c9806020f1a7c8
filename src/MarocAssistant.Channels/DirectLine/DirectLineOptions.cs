using System.ComponentModel.DataAnnotations;

namespace MarocAssistant.Channels.DirectLine;

/// <summary>Settings of the self-hosted Direct Line 3.0 endpoint (section <c>DirectLine</c>).</summary>
public sealed class DirectLineOptions : IValidatableObject
{
    public const string SectionName = "DirectLine";

    /// <summary>
    /// The Direct Line secret: a master key that may start any conversation and read any of them (server-to-server
    /// clients such as Botium). Empty: secret calls are refused and only tokens handed out by the host work.
    /// </summary>
    public string Secret { get; set; } = "";

    /// <summary>
    /// Key that signs conversation tokens (HMAC-SHA256), at least 32 characters. Empty: a random key per process,
    /// so tokens do not survive a restart and are not accepted by another instance.
    /// </summary>
    public string TokenSigningKey { get; set; } = "";

    /// <summary>Lifetime of a conversation token (the <c>expires_in</c> of the protocol).</summary>
    /// <value>Default 1,800 seconds, as the Azure service.</value>
    [Range(60, 24 * 3600)]
    public int TokenLifetimeSeconds { get; set; } = 1800;

    /// <summary>How long a <c>streamUrl</c> may be opened after it was handed out.</summary>
    /// <value>Default 60 seconds (directline-3.0.json).</value>
    [Range(5, 3600)]
    public int StreamUrlLifetimeSeconds { get; set; } = 60;

    /// <summary>Seconds between the empty keep-alive frames sent on an idle WebSocket stream.</summary>
    [Range(1, 600)]
    public int StreamKeepAliveSeconds { get; set; } = 30;

    /// <summary>Largest activity body accepted, in bytes.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxRequestBytes { get; set; } = 256 * 1024;

    /// <summary>Activities returned at most by one polling GET.</summary>
    [Range(1, 1000)]
    public int MaxActivitiesPerGet { get; set; } = 100;

    /// <summary>Send the welcome message when a conversation starts (as a channel's conversationUpdate would).</summary>
    public bool WelcomeOnStart { get; set; } = true;

    /// <summary>The bot's account id in activities.</summary>
    [Required]
    [StringLength(64, MinimumLength = 1)]
    public string BotId { get; set; } = "maroc-assistant";

    /// <summary>The bot's display name in activities.</summary>
    [Required]
    public string BotName { get; set; } = "MarocAssistant";

    /// <summary>
    /// The public root URL of the host (e.g. <c>https://assistant.example</c>) used to build <c>streamUrl</c>s behind a
    /// reverse proxy. Empty: taken from the request.
    /// </summary>
    public string PublicUrl { get; set; } = "";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (TokenSigningKey.Length is > 0 and < 32)
        {
            yield return new ValidationResult("DirectLine:TokenSigningKey must be at least 32 characters (or empty for a random key).");
        }

        if (Secret.Length is > 0 and < 16)
        {
            yield return new ValidationResult("DirectLine:Secret must be at least 16 characters (or empty to refuse secret calls).");
        }

        if (PublicUrl.Length > 0 && !(Uri.TryCreate(PublicUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            yield return new ValidationResult("DirectLine:PublicUrl must be an absolute http(s) URL.");
        }
    }
}
