using System.ComponentModel.DataAnnotations;

namespace MarocAssistant.State.Redis;

/// <summary>Where state shared by several hosts lives (section <c>State</c>).</summary>
public sealed class StateOptions
{
    public const string SectionName = "State";

    /// <summary>
    /// A StackExchange.Redis connection string (<c>host:port[,password=...]</c>). Empty: everything stays in this
    /// process's memory (one host). Set: conversation state, Direct Line logs, WhatsApp duplicate keys and rate-limit
    /// counters are shared through Redis; when Redis cannot be reached the host carries on with local state.
    /// </summary>
    public string Redis { get; set; } = "";

    /// <summary>Prefix of every key this application writes, so that several deployments can share one Redis.</summary>
    [Required]
    [StringLength(32, MinimumLength = 1)]
    public string KeyPrefix { get; set; } = "maroc:";

    /// <summary>Milliseconds one Redis call may take before the host answers from local state instead.</summary>
    [Range(50, 30_000)]
    public int OperationTimeoutMilliseconds { get; set; } = 1000;

    /// <summary>Milliseconds allowed to connect to Redis.</summary>
    [Range(100, 60_000)]
    public int ConnectTimeoutMilliseconds { get; set; } = 2000;

    /// <summary>
    /// After a failed call, seconds during which calls go straight to local state (no waiting on a Redis that is down)
    /// before Redis is tried again.
    /// </summary>
    [Range(1, 600)]
    public int RetryAfterFailureSeconds { get; set; } = 2;

    public bool Enabled => !string.IsNullOrWhiteSpace(Redis);
}
