using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace MarocAssistant.State.Redis;

/// <summary>
/// Readiness of shared state: healthy in memory (one host) or with Redis answering; degraded (still ready: turns are
/// answered from local state) when Redis is configured but unreachable.
/// </summary>
public sealed class SharedStateHealthCheck : IHealthCheck
{
    private readonly IOptions<StateOptions> _options;
    private readonly IServiceProvider _services;

    public SharedStateHealthCheck(IOptions<StateOptions> options, IServiceProvider services)
    {
        _options = options;
        _services = services;
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!_options.Value.Enabled)
        {
            return HealthCheckResult.Healthy("State in memory (one host).", new Dictionary<string, object> { ["backend"] = "memory" });
        }

        var redis = (RedisConnection)_services.GetService(typeof(RedisConnection))!;
        if (await redis.PingAsync(cancellationToken))
        {
            return HealthCheckResult.Healthy("Redis answers.", new Dictionary<string, object> { ["backend"] = "redis" });
        }

        return HealthCheckResult.Degraded(
            "Redis is unreachable: turns are answered from this host's local state.",
            data: new Dictionary<string, object> { ["backend"] = "redis", ["failure"] = redis.LastFailure });
    }
}
