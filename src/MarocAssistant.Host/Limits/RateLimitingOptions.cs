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
    /// Requests from this machine (loopback) are not counted per address: health probes, tests, and a reverse proxy on
    /// the same machine that does not forward the client's address (which would otherwise make every citizen one client).
    /// The per-user limit still applies to them.
    /// </summary>
    public bool SkipLoopbackAddresses { get; set; } = true;
}
