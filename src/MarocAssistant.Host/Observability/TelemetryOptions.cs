using System.ComponentModel.DataAnnotations;
using OpenTelemetry.Exporter;

namespace MarocAssistant.Host.Observability;

/// <summary>Where metrics and traces go besides <c>GET /metrics</c> (section <c>OpenTelemetry</c>).</summary>
public sealed class TelemetryOptions : IValidatableObject
{
    public const string SectionName = "OpenTelemetry";

    /// <summary>
    /// An OTLP collector's root URL (e.g. <c>http://otel-collector:4317</c> for gRPC, <c>:4318</c> for HTTP). Empty: no
    /// export, and no traces are made at all (metrics stay on <c>/metrics</c>).
    /// </summary>
    public string Endpoint { get; set; } = "";

    /// <summary>The OTLP transport: <c>Grpc</c> or <c>HttpProtobuf</c> (then <c>/v1/traces</c> and <c>/v1/metrics</c> are added).</summary>
    public OtlpExportProtocol Protocol { get; set; } = OtlpExportProtocol.Grpc;

    /// <summary>Headers sent with every export (<c>key=value,key2=value2</c>), e.g. a collector's API key. Set by environment.</summary>
    public string Headers { get; set; } = "";

    /// <summary>The <c>service.name</c> of every metric and span.</summary>
    [Required]
    [StringLength(64, MinimumLength = 1)]
    public string ServiceName { get; set; } = "maroc-assistant";

    /// <summary>Share of turns traced (0-1) when the caller sent no trace context; a sampled caller is always followed.</summary>
    [Range(0.0, 1.0)]
    public double TraceSampleRatio { get; set; } = 1.0;

    /// <summary>Milliseconds between two OTLP metric exports.</summary>
    [Range(1000, 3_600_000)]
    public int MetricExportIntervalMilliseconds { get; set; } = 60_000;

    public bool Enabled => !string.IsNullOrWhiteSpace(Endpoint);

    /// <summary>The endpoint as a URI, or null when it is empty or not an absolute http(s) URL.</summary>
    public Uri? EndpointUri =>
        Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri : null;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Enabled && EndpointUri is null)
        {
            yield return new ValidationResult(
                $"OpenTelemetry:Endpoint must be an absolute http:// or https:// URL (got '{Endpoint}').", [nameof(Endpoint)]);
        }

        foreach (var pair in Headers.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (pair.IndexOf('=', StringComparison.Ordinal) <= 0)
            {
                // The value is a secret: only its position is named.
                yield return new ValidationResult("OpenTelemetry:Headers must be key=value pairs separated by commas.", [nameof(Headers)]);
                yield break;
            }
        }
    }
}
