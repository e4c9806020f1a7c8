using System.ComponentModel.DataAnnotations;

namespace MarocAssistant.Host.Limits;

/// <summary>Per-address and per-user rate limits (section <c>RateLimiting</c>).</summary>
public sealed class RateLimitingOptions
{
    public const string SectionName = "RateLimiting";

    /// <summary>Off: no request is counted (for a host behind a gateway that limits already).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Length of one counting window, in seconds.</summary>
    [Range(1, 3600)]
    public int WindowSeconds { get; set; } = 60;

    /// <summary>
    /// Requests one client address may make per window on the public endpoints (Direct Line, widget token, admin API,
    /// and <c>/api/messages</c> when no app id is set). With an app id, <c>/api/messages</c> is called by the Bot
    /// Connector's own addresses, so only the per-user limit applies there. WhatsApp webhooks come from Meta and are
    /// checked by signature instead.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int PermitsPerAddress { get; set; } = 600;

    /// <summary>Messages one user (a Bot Framework <c>from.id</c>, a Direct Line token's user) may send per window.</summary>
    [Range(1, int.MaxValue)]
    public int PermitsPerUser { get; set; } = 60;

    /// <summary>
    /// Conversations one client address may start per window: <c>POST /api/widget/token</c>,
    /// <c>POST /v3/directline/tokens/generate</c>, and <c>POST /v3/directline/conversations</c> with the secret (a start
    /// with a widget token was counted when the token was given). Counted on top of <see cref="PermitsPerAddress"/>:
    /// a conversation costs more than a request. Many citizens may share one address (mobile carriers' NAT), hence a
    /// budget well above what one person needs.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int ConversationsPerAddress { get; set; } = 60;

    /// <summary>
    /// Requests from this machine (loopback) are not counted per address. Off by default: behind a reverse proxy on the
    /// same machine every citizen arrives from loopback, and exempting it would make floods free. Set the proxy in
    /// <c>ForwardedHeaders:KnownProxies</c> instead, so that each citizen's own address is counted; turn this on only
    /// when nothing in front of the host shares its address (health probes and metrics are never counted anyway).
    /// </summary>
    public bool SkipLoopbackAddresses { get; set; }
}
