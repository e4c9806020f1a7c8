using System.Diagnostics;
using System.Diagnostics.Metrics;
using MarocAssistant.Conversation.Observability;
using Microsoft.Extensions.Diagnostics.Metrics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace MarocAssistant.Host.Observability;

/// <summary>
/// OpenTelemetry metrics and traces. Metrics: the assistant's meter (<see cref="TurnMetrics"/>), this host's process
/// gauges, ASP.NET Core's HTTP server, Kestrel, rate-limiting and diagnostics meters, outgoing HTTP calls and the .NET
/// runtime; served on <c>GET /metrics</c> (Prometheus text) and, with <c>OpenTelemetry:Endpoint</c>, pushed over OTLP.
/// Traces (only with an endpoint: without one nobody listens and a turn pays nothing): incoming requests, outgoing
/// HTTP calls, and the assistant's turn and stage activities (<see cref="TurnTracing"/>).
/// </summary>
internal static class ObservabilityExtensions
{
    public const string HostMeterName = "MarocAssistant.Host";

    // The name under which the OpenTelemetry SDK registers its IMetricsListener.
    private const string OpenTelemetryListenerName = "OpenTelemetry";

    // Meters created by this host's IMeterFactory. They are enabled for this host's scope only (MeterScope.Local), so
    // two hosts in one process (tests) never mix their numbers; AddMeter would listen to every meter of the name.
    private static readonly string[] HostScopedMeters =
    [
        TurnMetrics.MeterName, HostMeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.RateLimiting", "Microsoft.AspNetCore.Diagnostics",
    ];

    // Probes and scrapes are not worth a span each.
    private static readonly string[] UntracedPaths = ["/metrics", "/healthz", "/readyz"];

    public static IServiceCollection AddObservability(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddTurnMetrics();
        services.AddSingleton<ProcessGauges>();
        services.AddOptions<TelemetryOptions>()
            .Bind(configuration.GetSection(TelemetryOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // Read now: whether traces are made at all is decided once, at registration.
        var telemetry = configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();

        services.AddMetrics(metrics =>
        {
            foreach (var meter in HostScopedMeters)
            {
                metrics.EnableMetrics(meter, instrumentName: null, listenerName: OpenTelemetryListenerName, scopes: MeterScope.Local);
            }
        });

        var builder = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(telemetry.ServiceName))
            .WithMetrics(metrics =>
            {
                metrics.AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddPrometheusExporter(prometheus =>
                    {
                        // Series as before: no otel_scope_* labels on every sample (the metric names say where they come from).
                        prometheus.ScopeInfoEnabled = false;
                    });
                if (telemetry.Enabled)
                {
                    metrics.AddOtlpExporter((otlp, reader) =>
                    {
                        Configure(otlp, telemetry, "v1/metrics");
                        reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = telemetry.MetricExportIntervalMilliseconds;
                    });
                }
            });

        if (telemetry.Enabled)
        {
            builder.WithTracing(tracing => tracing
                .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(telemetry.TraceSampleRatio)))
                .AddSource(TurnTracing.SourceName)
                .AddAspNetCoreInstrumentation(aspNetCore =>
                    aspNetCore.Filter = context => !UntracedPaths.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
                .AddHttpClientInstrumentation(http => http.EnrichWithHttpRequestMessage = RedactUrl)
                .AddOtlpExporter(otlp => Configure(otlp, telemetry, "v1/traces")));
        }

        return services;
    }

    /// <summary><c>GET /metrics</c>: the Prometheus text format; not rate-limited, meant for the scraper inside the network.</summary>
    public static IEndpointConventionBuilder MapMetrics(this IEndpointRouteBuilder endpoints)
    {
        // Created now, so that the process gauges exist from the first scrape on.
        endpoints.ServiceProvider.GetRequiredService<ProcessGauges>();
        return endpoints.MapPrometheusScrapingEndpoint("/metrics");
    }

    private static void Configure(OtlpExporterOptions otlp, TelemetryOptions telemetry, string signalPath)
    {
        // An invalid endpoint is reported by the options' validation at start; the exporter keeps its default meanwhile.
        if (telemetry.EndpointUri is not { } endpoint)
        {
            return;
        }

        otlp.Protocol = telemetry.Protocol;

        // Over HTTP each signal has its own path; set programmatically, the exporter does not add it.
        otlp.Endpoint = telemetry.Protocol == OtlpExportProtocol.HttpProtobuf
            ? new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/" + signalPath)
            : endpoint;
        if (!string.IsNullOrWhiteSpace(telemetry.Headers))
        {
            otlp.Headers = telemetry.Headers;
        }
    }

    /// <summary>
    /// Outgoing calls keep only scheme, host and port in <c>url.full</c>: a reply's path names the conversation (and
    /// other services' paths may name a user), which has no place in a span.
    /// </summary>
    private static void RedactUrl(Activity activity, HttpRequestMessage request)
    {
        if (request.RequestUri is { IsAbsoluteUri: true } uri)
        {
            activity.SetTag("url.full", uri.GetLeftPart(UriPartial.Authority) + "/");
        }
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
