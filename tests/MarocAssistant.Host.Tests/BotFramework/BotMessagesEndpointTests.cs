using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using MarocAssistant.Testing;
using Microsoft.AspNetCore.Http;

namespace MarocAssistant.Host.Tests.BotFramework;

public sealed class BotMessagesEndpointTests : IClassFixture<AssistantHostFixture>
{
    private readonly AssistantHost _host;

    public BotMessagesEndpointTests(AssistantHostFixture fixture)
    {
        _host = fixture.Host;
    }

    [Fact]
    public async Task Post_ExpectReplies_ReturnsMessageAddressedToSender()
    {
        using var client = _host.CreateClient();
        var activity = ActivityBuilder.Message("bghit ndir lakart awel mra");

        using var response = await client.PostAsync("/api/messages", ActivityBuilder.Json(activity), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        var replies = body["activities"]!.AsArray();
        var reply = Assert.Single(replies)!;
        Assert.Equal("message", (string?)reply["type"]);
        Assert.Equal("user-1", (string?)reply["recipient"]!["id"]);
        Assert.Equal("bot-1", (string?)reply["from"]!["id"]);
        Assert.Equal((string?)activity["id"], (string?)reply["replyToId"]);
        Assert.Equal("conv-1", (string?)reply["conversation"]!["id"]);
        Assert.Equal("cnie-first", (string?)reply["channelData"]!["procedure"]);
        Assert.Contains("cnie.ma", (string?)reply["text"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_ConversationUpdateWithNewUser_WelcomesInDarijaFrenchAndArabic()
    {
        using var client = _host.CreateClient();
        var activity = ActivityBuilder.Message("");
        activity["type"] = "conversationUpdate";
        activity.Remove("text");
        activity["membersAdded"] = new JsonArray(new JsonObject { ["id"] = "user-1", ["name"] = "Citizen" });

        using var response = await client.PostAsync("/api/messages", ActivityBuilder.Json(activity), TestContext.Current.CancellationToken);

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        var text = (string?)Assert.Single(body["activities"]!.AsArray())!["text"];
        Assert.Contains("Salam", text, StringComparison.Ordinal);
        Assert.Contains("Bonjour", text, StringComparison.Ordinal);
        Assert.Contains("مرحبا", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_BotJoinsOnly_SendsNoWelcome()
    {
        using var client = _host.CreateClient();
        var activity = ActivityBuilder.Message("");
        activity["type"] = "conversationUpdate";
        activity["membersAdded"] = new JsonArray(new JsonObject { ["id"] = "bot-1", ["name"] = "MarocAssistant" });

        using var response = await client.PostAsync("/api/messages", ActivityBuilder.Json(activity), TestContext.Current.CancellationToken);

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.Empty(body["activities"]!.AsArray());
    }

    [Fact]
    public async Task Post_WithoutExpectReplies_PostsReplyToConnectorPath()
    {
        await using var connector = await LoopbackServer.StartAsync((context, _) => context.Response.WriteAsJsonAsync(new { id = "reply-1" }));
        using var client = _host.CreateClient();
        var activity = ActivityBuilder.Message("passeport", connector.BaseUrl, deliveryMode: null, conversationId: "a|livechat");

        using var response = await client.PostAsync("/api/messages", ActivityBuilder.Json(activity), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Assert.Single(connector.Requests);
        Assert.Equal("POST", sent.Method);
        Assert.Equal($"/v3/conversations/a%7Clivechat/activities/{(string?)activity["id"]}", sent.PathAndQuery);
        var reply = JsonNode.Parse(sent.Body)!;
        Assert.Equal("message", (string?)reply["type"]);
        Assert.Equal((string?)activity["id"], (string?)reply["replyToId"]);
        Assert.Equal("user-1", (string?)reply["recipient"]!["id"]);
        Assert.False(sent.Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task Post_ServiceUrlNotLoopbackWithoutAppId_Returns400AndPostsNothing()
    {
        using var client = _host.CreateClient();
        var activity = ActivityBuilder.Message("passeport", "http://203.0.113.7", deliveryMode: null);

        using var response = await client.PostAsync("/api/messages", ActivityBuilder.Json(activity), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("{\"type\":\"message\",\"text\":", HttpStatusCode.BadRequest)]
    [InlineData("[1,2,3]", HttpStatusCode.BadRequest)]
    [InlineData("{\"text\":\"salam\"}", HttpStatusCode.BadRequest)]
    [InlineData("{\"type\":42}", HttpStatusCode.BadRequest)]
    [InlineData("", HttpStatusCode.BadRequest)]
    public async Task Post_MalformedActivity_Returns4xxProblemDetails(string body, HttpStatusCode expected)
    {
        using var client = _host.CreateClient();
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        using var response = await client.PostAsync("/api/messages", content, TestContext.Current.CancellationToken);

        Assert.Equal(expected, response.StatusCode);
        await AssertProblemAsync(response);
    }

    [Fact]
    public async Task Post_WrongContentType_Returns415ProblemDetails()
    {
        using var client = _host.CreateClient();
        using var content = new StringContent(ActivityBuilder.Message("salam").ToJsonString(), Encoding.UTF8, "text/plain");

        using var response = await client.PostAsync("/api/messages", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        await AssertProblemAsync(response);
    }

    [Fact]
    public async Task Post_OneMegabyteText_Returns413ProblemDetails()
    {
        using var client = _host.CreateClient();
        var activity = ActivityBuilder.Message(new string('a', 1024 * 1024));

        using var response = await client.PostAsync("/api/messages", ActivityBuilder.Json(activity), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertProblemAsync(response);
    }

    [Fact]
    public async Task Post_LongTextUnderBodyLimit_RepliesPolitely()
    {
        using var client = _host.CreateClient();
        var activity = ActivityBuilder.Message(string.Join(' ', Enumerable.Repeat("passeport", 2000)));

        using var response = await client.PostAsync("/api/messages", ActivityBuilder.Json(activity), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.Single(JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!["activities"]!.AsArray())!;
        Assert.Equal("too-long", (string?)reply["channelData"]!["outcome"]);
    }

    [Theory]
    [InlineData("[null, {}]", 0)]
    [InlineData("[null, {\"id\": null}, {\"id\": \"\"}]", 0)]
    [InlineData("[null, {\"id\": \"user-1\"}]", 1)]
    [InlineData("[{\"id\": \"bot-1\"}, null]", 0)]
    public async Task Post_ConversationUpdateWithNullMembers_NullsPassedOverNoServerError(string members, int welcomes)
    {
        using var client = _host.CreateClient();
        var activity = ActivityBuilder.Message("");
        activity["type"] = "conversationUpdate";
        activity.Remove("text");
        activity["membersAdded"] = JsonNode.Parse(members);
        activity["membersRemoved"] = JsonNode.Parse("[null]");

        using var response = await client.PostAsync("/api/messages", ActivityBuilder.Json(activity), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var replies = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!["activities"]!.AsArray();
        Assert.Equal(welcomes, replies.Count);
    }

    [Fact]
    public async Task Get_Health_ReportsReadyWithCorpus()
    {
        using var client = _host.CreateClient();
        client.DefaultRequestHeaders.Add(MarocAssistant.Host.Admin.AdminOptions.HeaderName, AssistantHost.AdminKey);   // details are the administrator's

        var live = await client.GetAsync("/healthz", TestContext.Current.CancellationToken);
        var ready = await client.GetFromJsonAsync<JsonObject>("/readyz", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", (string?)ready!["status"]);
        Assert.True(int.Parse((string)ready["checks"]!["assistant"]!["data"]!["procedures"]!, System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal("Healthy", (string?)ready["checks"]!["warm-up"]!["status"]);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.Equal((int)response.StatusCode, (int?)problem["status"]);
        Assert.False(string.IsNullOrEmpty((string?)problem["title"]));
    }
}
