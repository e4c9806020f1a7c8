using MarocAssistant.Host.Tests.BotFramework;
using MarocAssistant.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace MarocAssistant.Host.Tests.Observability;

/// <summary>OpenTelemetry export: traces and metrics reach an OTLP collector (a loopback one here) only when configured.</summary>
public sealed class TelemetryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Otlp_EndpointSet_ExportsTurnAndStageSpansAndMetricsWithoutPersonalData()
    {
        await using var collector = await LoopbackServer.StartAsync((context, _) =>
        {
            // An empty ExportTraceServiceResponse / ExportMetricsServiceResponse: accepted in full.
            context.Response.ContentType = "application/x-protobuf";
            return Task.CompletedTask;
        });
        var host = AssistantHost.Start(new Dictionary<string, string?>
        {
            ["OpenTelemetry:Endpoint"] = collector.BaseUrl,
            ["OpenTelemetry:Protocol"] = "HttpProtobuf",
        });
        await using (host)
        {
            using var client = host.CreateClient();
            using (await client.PostAsync("/api/messages", ActivityBuilder.Json(ActivityBuilder.Message("ana CIN dyali AB123456, bghit ndir lakart awel mra")), Ct))
            {
            }

            // Exported now rather than by the stopping host, which waits a bounded time only (a busy machine may take longer).
            Assert.True(host.Service<TracerProvider>().ForceFlush(30_000));

            // (false overall: the Prometheus reader only collects when scraped; the OTLP reader exports.)
            host.Service<MeterProvider>().ForceFlush(30_000);
        }

        var traces = string.Concat(collector.Requests.Where(r => r.PathAndQuery == "/v1/traces").Select(r => r.Body));
        var metrics = string.Concat(collector.Requests.Where(r => r.PathAndQuery == "/v1/metrics").Select(r => r.Body));
        Assert.Contains("maroc.turn", traces, StringComparison.Ordinal);
        foreach (var stage in new[] { "language", "understand", "retrieve", "compose", "state" })
        {
            Assert.Contains("maroc.stage." + stage, traces, StringComparison.Ordinal);
        }

        Assert.Contains("maroc.outcome", traces, StringComparison.Ordinal);
        Assert.Contains("POST /api/messages", traces, StringComparison.Ordinal);   // ASP.NET Core's span of the request
        Assert.Contains("maroc.turns", metrics, StringComparison.Ordinal);
        Assert.Contains("maroc-assistant", metrics, StringComparison.Ordinal);   // service.name
        Assert.All(collector.Requests, r => Assert.DoesNotContain("AB123456", r.Body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Tracing_NoEndpoint_NoTracerProvider()
    {
        await using var host = AssistantHost.Start();

        // Nobody listens to the turn's activities: a turn pays a null check for them.
        Assert.Null(host.Factory.Services.GetService<TracerProvider>());
    }

    [Theory]
    [InlineData("OpenTelemetry:Endpoint", "collector:4317")]
    [InlineData("OpenTelemetry:Endpoint", "ftp://collector")]
    [InlineData("OpenTelemetry:TraceSampleRatio", "1.5")]
    [InlineData("OpenTelemetry:Headers", "no-equals-sign")]
    public void Start_InvalidTelemetryOption_FailsOptionsValidation(string key, string value)
    {
        var error = Assert.Throws<OptionsValidationException>(() => AssistantHost.Start(new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(key.Split(':')[1], error.Message, StringComparison.Ordinal);
    }
}
