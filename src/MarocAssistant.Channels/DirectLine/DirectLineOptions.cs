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

    /// <summary>Activities kept per conversation; older ones are dropped from the log (watermarks keep counting).</summary>
    [Range(10, 100_000)]
    public int MaxActivitiesPerConversation { get; set; } = 100;

    /// <summary>
    /// Memory the in-memory log may use for activity JSON, in MiB. Beyond it, the oldest activities of the conversations
    /// idle the longest are dropped (they were delivered long ago; watermarks keep counting), so memory stays bounded
    /// whatever the number of conversations.
    /// </summary>
    /// <value>Default 16 MiB: about 16,000 activities (~1 KiB each), the whole history of ~1,300 conversations of a dozen
    /// activities; history a client already received is what goes first.</value>
    [Range(1, 64 * 1024)]
    public int MaxLogMegabytes { get; set; } = 16;

    /// <summary>
    /// Conversations kept at once by the in-memory log. A start beyond this evicts the idlest conversations (those where
    /// the citizen never wrote first); their ids then answer 404, as unknown ones do. A flood of starts therefore
    /// never keeps a new citizen out, and memory stays bounded.
    /// </summary>
    [Range(1, 10_000_000)]
    public int MaxConversations { get; set; } = 10_000;

    /// <summary>A conversation without any activity for this long is forgotten.</summary>
    [Range(1, 7 * 24 * 60)]
    public int ConversationIdleMinutes { get; set; } = 120;

    /// <summary>
    /// A conversation in which the citizen has not written yet (only the welcome) is forgotten after this many minutes
    /// without activity: a start costs little, and not for long. Capped by <see cref="ConversationIdleMinutes"/>.
    /// </summary>
    [Range(1, 7 * 24 * 60)]
    public int UnusedConversationMinutes { get; set; } = 5;

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
