using Stopwatch = System.Diagnostics.Stopwatch;
using MarocAssistant.Channels.BotFramework;
using MarocAssistant.Activities;
using MarocAssistant.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Polly.Timeout;

namespace MarocAssistant.Channels.Tests.BotFramework;

/// <summary>The connector and token calls through their resilience pipelines, against loopback servers.</summary>
public sealed class OutgoingResilienceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SendAsync_Connector503_NotRetried()
    {
        await using var connector = await LoopbackServer.StartAsync((context, _) =>
        {
            context.Response.StatusCode = 503;
            return Task.CompletedTask;
        });
        using var services = Services();

        await Assert.ThrowsAsync<HttpRequestException>(() => services.GetRequiredService<ConnectorClient>().SendAsync(Reply(connector), Ct));

        Assert.Single(connector.Requests);
    }

    [Fact]
    public async Task SendAsync_SlowConnector_CutAtOutgoingTimeoutWithoutRetry()
    {
        await using var connector = await LoopbackServer.StartAsync(async (context, _) =>
            await Task.Delay(TimeSpan.FromSeconds(20), context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default));
        using var services = Services(("BotFramework:OutgoingTimeoutSeconds", "1"));
        var started = Stopwatch.StartNew();

        await Assert.ThrowsAsync<TimeoutRejectedException>(() => services.GetRequiredService<ConnectorClient>().SendAsync(Reply(connector), Ct));

        Assert.InRange(started.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
        Assert.Single(connector.Requests);
    }

    [Fact]
    public async Task SendAsync_TokenEndpointFailsOnce_TokenRetriedAndReplySentWithIt()
    {
        var tokenCalls = 0;
        await using var identity = await LoopbackServer.StartAsync(async (context, _) =>
        {
            if (Interlocked.Increment(ref tokenCalls) == 1)
            {
                context.Response.StatusCode = 503;
                return;
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"access_token\":\"token-2\",\"expires_in\":3600}", context.RequestAborted);
        });
        await using var connector = await LoopbackServer.StartAsync((context, _) =>
        {
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync("{\"id\":\"a1\"}", context.RequestAborted);
        });
        using var services = Services(Authenticated(identity));

        var response = await services.GetRequiredService<ConnectorClient>().SendAsync(Reply(connector), Ct);

        Assert.Equal("a1", response?.Id);
        Assert.Equal(2, identity.Requests.Count);
        Assert.All(identity.Requests, r => Assert.Contains("grant_type=client_credentials", r.Body, StringComparison.Ordinal));
        Assert.Equal("Bearer token-2", Assert.Single(connector.Requests).Headers["Authorization"]);
    }

    [Fact]
    public async Task GetTokenAsync_TokenEndpointFailsEveryTime_GivesUpAfterTheRetries()
    {
        await using var identity = await LoopbackServer.StartAsync((context, _) =>
        {
            context.Response.StatusCode = 500;
            return Task.CompletedTask;
        });
        using var services = Services(Authenticated(identity));

        await Assert.ThrowsAsync<HttpRequestException>(() => services.GetRequiredService<BotTokenProvider>().GetTokenAsync(Ct));

        Assert.Equal(1 + BotFrameworkResilience.TokenRetries, identity.Requests.Count);
    }

    [Fact]
    public async Task GetTokenAsync_BadCredentials_NotRetried()
    {
        await using var identity = await LoopbackServer.StartAsync((context, _) =>
        {
            context.Response.StatusCode = 401;
            return Task.CompletedTask;
        });
        using var services = Services(Authenticated(identity));

        await Assert.ThrowsAsync<HttpRequestException>(() => services.GetRequiredService<BotTokenProvider>().GetTokenAsync(Ct));

        Assert.Single(identity.Requests);
    }

    private static (string, string?)[] Authenticated(LoopbackServer identity) =>
    [
        ("BotFramework:MicrosoftAppId", "app-id"),
        ("BotFramework:MicrosoftAppPassword", "app-password"),
        ("BotFramework:TokenEndpoint", identity.BaseUrl + "/oauth2/v2.0/token"),
    ];

    private static ServiceProvider Services(params (string Key, string? Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        return new ServiceCollection()
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddBotFrameworkChannel(configuration)
            .BuildServiceProvider();
    }

    private static Activity Reply(LoopbackServer connector) => new()
    {
        Type = "message",
        Text = "salam",
        ServiceUrl = connector.BaseUrl,
        Conversation = new ConversationAccount { Id = "conv-1" },
        ReplyToId = "act-1",
    };
}
