using System.Diagnostics;
using System.Diagnostics.Metrics;
using MarocAssistant.Conversation.Observability;

namespace MarocAssistant.Host.Observability;

/// <summary>Metrics (<c>GET /metrics</c>, Prometheus text) and the host's own process gauges (resident memory, GC heap).</summary>
internal static class ObservabilityExtensions
{
    public const string HostMeterName = "MarocAssistant.Host";

    public static IServiceCollection AddObservability(this IServiceCollection services)
    {
        services.AddTurnMetrics();
        services.AddSingleton<PrometheusExporter>();
        services.AddSingleton<ProcessGauges>();
        return services;
    }

    /// <summary><c>GET /metrics</c>: the Prometheus text format; not rate-limited, meant for the scraper inside the network.</summary>
    public static IEndpointConventionBuilder MapMetrics(this IEndpointRouteBuilder endpoints)
    {
        // Created now, so that every instrument is listened to from the first request on.
        endpoints.ServiceProvider.GetRequiredService<PrometheusExporter>();
        endpoints.ServiceProvider.GetRequiredService<ProcessGauges>();
        return endpoints.MapGet("/metrics", (PrometheusExporter exporter) =>
            Results.Text(exporter.Scrape(), "text/plain; version=0.0.4; charset=utf-8"));
    }

    /// <summary>Resident memory and managed heap, read at each scrape (what the soak test watches).</summary>
    internal sealed class ProcessGauges
    {
        public ProcessGauges(IMeterFactory meters)
        {
            var meter = meters.Create(HostMeterName);
            meter.CreateObservableGauge("process.memory.resident", () => Environment.WorkingSet, "By", "Resident set size of the host process.");
            meter.CreateObservableGauge("dotnet.gc.heap.size", () => GC.GetTotalMemory(false), "By", "Bytes in the managed heap.");
            meter.CreateObservableGauge("process.uptime", () => (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalSeconds, "s", "Seconds since the host started.");
        }
    }
}
