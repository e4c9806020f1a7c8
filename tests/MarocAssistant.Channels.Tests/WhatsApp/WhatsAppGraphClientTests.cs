using System.Diagnostics;
using MarocAssistant.Channels.WhatsApp;
using MarocAssistant.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MarocAssistant.Channels.Tests.WhatsApp;

/// <summary>The Graph sender's resilience pipeline (attempts, per-attempt timeout, Retry-After) against a loopback Graph API.</summary>
public sealed class WhatsAppGraphClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SendAsync_GraphAlways503_GivesUpAfterMaxSendAttemptsWithTheSameBody()
    {
        await using var graph = await Graph(_ => (503, null, TimeSpan.Zero));
        using var services = Services(graph, ("WhatsApp:MaxSendAttempts", "3"));

        var sent = await services.GetRequiredService<WhatsAppGraphClient>().SendAsync(Message(), Ct);

        Assert.False(sent);
        Assert.Equal(3, graph.Requests.Count);
        Assert.Single(graph.Requests.Select(r => r.Body).Distinct());
        Assert.All(graph.Requests, r => Assert.Equal("Bearer graph-token", r.Headers["Authorization"]));
    }

    [Fact]
    public async Task SendAsync_MaxSendAttemptsOne_NoRetry()
    {
        await using var graph = await Graph(_ => (500, null, TimeSpan.Zero));
        using var services = Services(graph, ("WhatsApp:MaxSendAttempts", "1"));

        Assert.False(await services.GetRequiredService<WhatsAppGraphClient>().SendAsync(Message(), Ct));

        Assert.Single(graph.Requests);
    }

    [Fact]
    public async Task SendAsync_FirstAttemptHangs_CutAtSendTimeoutAndRetried()
    {
        await using var graph = await Graph(n => (200, null, n == 1 ? TimeSpan.FromSeconds(20) : TimeSpan.Zero));
        using var services = Services(graph, ("WhatsApp:SendTimeoutSeconds", "1"));
        var started = Stopwatch.StartNew();

        var sent = await services.GetRequiredService<WhatsAppGraphClient>().SendAsync(Message(), Ct);

        Assert.True(sent);
        Assert.Equal(2, graph.Requests.Count);
        Assert.InRange(started.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task SendAsync_429WithRetryAfter_WaitsAsToldWithinTheMaximum()
    {
        await using var graph = await Graph(n => (n == 1 ? 429 : 200, "1", TimeSpan.Zero));
        using var services = Services(graph);
        var started = Stopwatch.StartNew();

        Assert.True(await services.GetRequiredService<WhatsAppGraphClient>().SendAsync(Message(), Ct));

        Assert.Equal(2, graph.Requests.Count);
        Assert.InRange(started.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task SendAsync_RetryAfterAboveTheMaximum_WaitsTheMaximum()
    {
        await using var graph = await Graph(n => (n == 1 ? 503 : 200, "3600", TimeSpan.Zero));
        using var services = Services(graph, ("WhatsApp:MaxRetryDelaySeconds", "1"));
        var started = Stopwatch.StartNew();

        Assert.True(await services.GetRequiredService<WhatsAppGraphClient>().SendAsync(Message(), Ct));

        Assert.InRange(started.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task MarkReadAsync_404_FinalWithoutRetry()
    {
        await using var graph = await Graph(_ => (404, null, TimeSpan.Zero));
        using var services = Services(graph);

        Assert.False(await services.GetRequiredService<WhatsAppGraphClient>().MarkReadAsync("wamid.1", Ct));

        var request = Assert.Single(graph.Requests);
        Assert.Contains("\"status\":\"read\"", request.Body, StringComparison.Ordinal);
    }

    /// <summary>A Graph stand-in whose n-th request (1-based) gets a status, an optional Retry-After and a delay.</summary>
    private static Task<LoopbackServer> Graph(Func<int, (int Status, string? RetryAfter, TimeSpan Delay)> answer)
    {
        var count = 0;
        return LoopbackServer.StartAsync(async (context, _) =>
        {
            var (status, retryAfter, delay) = answer(Interlocked.Increment(ref count));
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                if (context.RequestAborted.IsCancellationRequested)
                {
                    return;
                }
            }

            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            if (retryAfter is not null)
            {
                context.Response.Headers.RetryAfter = retryAfter;
            }

            await context.Response.WriteAsync(
                status == 200 ? "{\"messages\":[{\"id\":\"wamid.sent\"}]}" : "{\"error\":{\"message\":\"test\",\"code\":131000}}",
                context.RequestAborted);
        });
    }

    private static ServiceProvider Services(LoopbackServer graph, params (string Key, string? Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["WhatsApp:AccessToken"] = "graph-token",
                ["WhatsApp:PhoneNumberId"] = "1122334455667",
                ["WhatsApp:GraphBaseUrl"] = graph.BaseUrl + "/v23.0",
                ["WhatsApp:RetryBaseDelayMilliseconds"] = "10",
            })
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        return new ServiceCollection().AddLogging().AddWhatsAppChannel(configuration).BuildServiceProvider();
    }

    private static OutgoingMessage Message() => new() { To = "212600000001", Type = "text", Text = new OutgoingText { Body = "salam" } };
}
