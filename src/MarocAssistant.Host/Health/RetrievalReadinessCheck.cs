using MarocAssistant.Conversation.Observability;
using MarocAssistant.Retrieval;
using MarocAssistant.Retrieval.Hybrid;
using MarocAssistant.Retrieval.Index;
using MarocAssistant.Retrieval.Search;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MarocAssistant.Host.Health;

/// <summary>
/// Readiness of the search backend. The embedded index is always healthy. With <c>Retrieval:Backend</c> Qdrant the
/// check asks Qdrant for its point count: when Qdrant does not answer (or was not usable at start-up) the result is
/// degraded, not unhealthy, since the embedded index answers in its place.
/// </summary>
internal sealed class RetrievalReadinessCheck : IHealthCheck
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    private readonly IServiceProvider _services;

    public RetrievalReadinessCheck(IServiceProvider services)
    {
        _services = services;
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var search = _services.GetRequiredService<IProcedureSearch>();
        while (search is IMeasuredStage { Inner: IProcedureSearch inner })
        {
            search = inner;
        }

        if (search is not HybridProcedureSearch hybrid || hybrid.Options.Backend != RetrievalBackend.Qdrant)
        {
            return HealthCheckResult.Healthy("Searching in process.", new Dictionary<string, object> { ["backend"] = "embedded" });
        }

        var data = new Dictionary<string, object> { ["backend"] = hybrid.Index.BackendName };
        if (hybrid.Index.BackendName == "embedded")
        {
            return HealthCheckResult.Degraded("Qdrant was not usable at start-up: the embedded index answers.", data: data);
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ProbeTimeout);
            data["points"] = await hybrid.Index.CountAsync(timeout.Token);
            return HealthCheckResult.Healthy("Qdrant answers.", data);
        }
        catch (Exception ex) when (ex is RetrievalBackendException or HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            data["failure"] = ex.GetType().Name;
            return HealthCheckResult.Degraded("Qdrant is unreachable: the embedded index answers.", data: data);
        }
    }
}
