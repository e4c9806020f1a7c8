using System.Net;
using System.Text.Json.Nodes;
using MarocAssistant.Host.Tests.BotFramework;
using MarocAssistant.Testing;
using Microsoft.Extensions.Logging;

namespace MarocAssistant.Host.Tests.Robustness;

/// <summary>
/// Two hosts (two WebApplicationFactory&lt;Program&gt;) with the same <c>State:Redis</c>, over a real redis-server on
/// loopback: one Direct Line conversation served by both, a WhatsApp retry answered once, shared rate counters, and
/// Redis killed mid-run then started again.
/// </summary>
public sealed class SharedStateTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DirectLine_PostOnOneHostReadOnOther_SeesEchoAndReply()
    {
        await using var redis = await RedisServer.StartAsync(Ct);
        await using var hostA = AssistantHost.Start(Settings(redis));
        await using var hostB = AssistantHost.Start(Settings(redis));
        using var clientA = hostA.CreateClient();
        using var clientB = hostB.CreateClient();
        using var directLineA = new DirectLineTestClient(clientA);
        using var directLineB = new DirectLineTestClient(clientB);

        var (conversation, token) = await directLineA.StartConversationAsync(AssistantHost.DirectLineSecret, Ct);
        var posted = await directLineB.PostMessageAsync(conversation, token, "bghit passport jdid", cancellationToken: Ct);
        Assert.Equal(HttpStatusCode.OK, posted.Status);
        var (activities, watermark) = await directLineA.ReadAsync(conversation, token, null, Ct);

        // Welcome (from A), the citizen's message and the answer (from B), in order, numbered by one counter.
        Assert.Equal(["message", "message", "message"], activities.Select(a => (string?)a!["type"]));
        Assert.Equal("bghit passport jdid", (string?)activities[1]!["text"]);
        Assert.Equal((string?)activities[1]!["id"], (string?)activities[2]!["replyToId"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)activities[2]!["text"]));
        Assert.Equal("3", watermark);
        Assert.Equal(conversation + "|0000002", (string?)activities[1]!["id"]);
        Assert.Empty(hostA.Logs.Unhandled);
        Assert.Empty(hostB.Logs.Unhandled);
    }

    [Fact]
    public async Task WhatsApp_DuplicateDeliveredToOtherHost_IsAnsweredOnce()
    {
        await using var redis = await RedisServer.StartAsync(Ct);
        await using var graph = await WhatsAppGraph.StartAsync();
        await using var hostA = AssistantHost.Start(Settings(redis, graph.Settings()));
        await using var hostB = AssistantHost.Start(Settings(redis, graph.Settings()));
        using var clientA = hostA.CreateClient();
        using var clientB = hostB.CreateClient();
        var notification = WhatsAppGraph.Notification("wamid.duplicate-1", "bghit ncheddo passport");

        using var first = await WhatsAppGraph.PostAsync(clientA, notification, cancellationToken: Ct);
        await WhatsAppGraph.WaitForCompletedAsync(hostA, 1, Ct);
        using var retry = await WhatsAppGraph.PostAsync(clientB, notification, cancellationToken: Ct);
        await WhatsAppGraph.WaitForCompletedAsync(hostB, 1, Ct);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(1, graph.Sends);
        Assert.Contains(hostB.Logs.Lines, l => l.EventId == 67);   // "already answered (duplicate delivery)"
    }

    [Fact]
    public async Task RateLimit_CountedAcrossHosts_FifthMessageOfUserIsRefused()
    {
        await using var redis = await RedisServer.StartAsync(Ct);
        var limits = new Dictionary<string, string?> { ["RateLimiting:PermitsPerUser"] = "4" };
        await using var hostA = AssistantHost.Start(Settings(redis, limits));
        await using var hostB = AssistantHost.Start(Settings(redis, limits));
        using var clientA = hostA.CreateClient();
        using var clientB = hostB.CreateClient();

        var statuses = new List<HttpStatusCode>();
        foreach (var client in new[] { clientA, clientB, clientA, clientB, clientA })
        {
            using var response = await client.PostAsync("/api/messages", ActivityBuilder.Json(ActivityBuilder.Message("salam")), Ct);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Redis_KilledMidRunThenRestarted_TurnsAnsweredDegradedThenShared()
    {
        await using var redis = await RedisServer.StartAsync(Ct);
        await using var hostA = AssistantHost.Start(Settings(redis));
        await using var hostB = AssistantHost.Start(Settings(redis));
        using var clientA = hostA.CreateClient();
        using var clientB = hostB.CreateClient();
        using var directLineA = new DirectLineTestClient(clientA);
        using var directLineB = new DirectLineTestClient(clientB);
        var (conversation, token) = await directLineA.StartConversationAsync(AssistantHost.DirectLineSecret, Ct);
        Assert.Equal("Healthy", await ReadinessAsync(clientA));

        await redis.KillAsync();

        // Bot Framework and Direct Line turns are still answered, from local state.
        using (var response = await clientA.PostAsync("/api/messages", ActivityBuilder.Json(ActivityBuilder.Message("bch7al passport?")), Ct))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var replies = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["activities"]!.AsArray();
            Assert.NotEmpty(replies);
        }

        Assert.Equal(HttpStatusCode.OK, (await directLineA.PostMessageAsync(conversation, token, "salam", cancellationToken: Ct)).Status);

        var (during, _) = await directLineA.ReadAsync(conversation, token, "1", Ct);
        Assert.Equal(2, during.Count);   // the message and its answer, after the welcome the client already had
        Assert.Equal("Degraded", await ReadinessAsync(clientA));
        Assert.Contains(hostA.Logs.Lines, l => l.EventId == 90 && l.Level == LogLevel.Warning);

        await redis.RestartAsync(Ct);
        await WaitForAsync(async () => await ReadinessAsync(clientA) == "Healthy" && await ReadinessAsync(clientB) == "Healthy");

        // Shared again: a conversation started on A is read on B, and the one served during the outage was written back.
        var (fresh, freshToken) = await directLineA.StartConversationAsync(AssistantHost.DirectLineSecret, Ct);
        Assert.Equal(HttpStatusCode.OK, (await directLineB.PostMessageAsync(fresh, freshToken, "passeport", cancellationToken: Ct)).Status);

        Assert.Equal(3, (await directLineA.ReadAsync(fresh, freshToken, null, Ct)).Activities.Count);
        await WaitForAsync(async () => (await directLineB.ReadAsync(conversation, token, "1", Ct)).Activities.Count == 2);
        Assert.Contains(hostA.Logs.Lines, l => l.EventId == 91);
        Assert.Empty(hostA.Logs.Unhandled);
        Assert.Empty(hostB.Logs.Unhandled);
    }

    internal static Dictionary<string, string?> Settings(RedisServer redis, IDictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["State:Redis"] = redis.ConnectionString,
            ["State:OperationTimeoutMilliseconds"] = "500",
            ["State:ConnectTimeoutMilliseconds"] = "1000",
            ["State:RetryAfterFailureSeconds"] = "1",
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    private static async Task<string> ReadinessAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/readyz");
        request.Headers.Add(MarocAssistant.Host.Admin.AdminOptions.HeaderName, AssistantHost.AdminKey);   // details are the administrator's
        using var response = await client.SendAsync(request, Ct);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        return (string)body["checks"]!["state"]!["status"]!;
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        limit.CancelAfter(TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            await Task.Delay(100, limit.Token);
        }
    }
}
