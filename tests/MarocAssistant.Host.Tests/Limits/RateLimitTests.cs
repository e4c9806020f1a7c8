using System.Net;
using System.Text.Json.Nodes;
using MarocAssistant.Host.Limits;
using MarocAssistant.Host.Tests.BotFramework;
using MarocAssistant.Host.Tests.Robustness;
using MarocAssistant.Testing;

namespace MarocAssistant.Host.Tests.Limits;

public sealed class RateLimitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Post_UserOverLimit_Returns429WithRetryAfterAndProblemDetails()
    {
        await using var host = AssistantHost.Start(new Dictionary<string, string?> { ["RateLimiting:PermitsPerUser"] = "2" });
        using var client = host.CreateClient();

        HttpResponseMessage? last = null;
        for (var i = 0; i < 3; i++)
        {
            last?.Dispose();
            last = await client.PostAsync("/api/messages", ActivityBuilder.Json(ActivityBuilder.Message("salam")), Ct);
        }

        using var refused = last!;
        var other = ActivityBuilder.Message("salam");
        other["from"]!["id"] = "user-2";
        using var otherUser = await client.PostAsync("/api/messages", ActivityBuilder.Json(other), Ct);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await refused.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal(429, (int?)problem["status"]);
        Assert.Contains("this user", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, otherUser.StatusCode);
    }

    [Fact]
    public async Task Post_DirectLineTokenUserOverLimit_Returns429WithProtocolError()
    {
        await using var host = AssistantHost.Start(new Dictionary<string, string?> { ["RateLimiting:PermitsPerUser"] = "1" });
        using var client = host.CreateClient();
        using var directLine = new DirectLineTestClient(client);
        var (conversation, token) = await directLine.StartConversationAsync(AssistantHost.DirectLineSecret, Ct);

        var first = await directLine.PostMessageAsync(conversation, token, "salam", cancellationToken: Ct);
        var second = await directLine.PostMessageAsync(conversation, token, "salam", cancellationToken: Ct);

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.Status);
        var body = second.Body!;
        Assert.Equal("TooManyRequests", (string?)body["error"]!["code"]);
        Assert.NotNull(second.Headers.RetryAfter);
    }

    [Fact]
    public async Task Post_AddressOverLimit_Returns429()
    {
        // TestServer connections have no address: they count as one client that is not loopback.
        await using var host = AssistantHost.Start(new Dictionary<string, string?> { ["RateLimiting:PermitsPerAddress"] = "2", ["DirectLine:PublicUrl"] = "http://localhost" });
        using var client = host.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/widget/token") { Content = new StringContent("{\"administration\":\"demo\"}") };
            request.Headers.TryAddWithoutValidation("Origin", "http://localhost");
            using var response = await client.SendAsync(request, Ct);
            statuses.Add(response.StatusCode);
        }

        using var health = await client.GetAsync("/healthz", Ct);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Post_LimitsDisabled_NeverRefuses()
    {
        await using var host = AssistantHost.Start(new Dictionary<string, string?> { ["RateLimiting:Enabled"] = "false", ["RateLimiting:PermitsPerUser"] = "1" });
        using var client = host.CreateClient();

        for (var i = 0; i < 3; i++)
        {
            using var response = await client.PostAsync("/api/messages", ActivityBuilder.Json(ActivityBuilder.Message("salam")), Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Theory]
    [InlineData("{\"type\":\"message\",\"channelId\":\"emulator\",\"from\":{\"id\":\"u1\",\"name\":\"x\"}}", "emulator:u1")]
    [InlineData("{\"from\":{\"name\":\"x\",\"id\":\"u2\"},\"channelData\":{\"from\":{\"id\":\"no\"}}}", ":u2")]
    [InlineData("{\"from\":\"u3\"}", null)]
    [InlineData("{\"from\":{\"id\":", null)]
    [InlineData("[]", null)]
    public void ActivityUser_Json_ReadsChannelAndFromId(string json, string? expected) =>
        Assert.Equal(expected, RequestRateLimiter.ActivityUser(System.Text.Encoding.UTF8.GetBytes(json)));
}
