using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using MarocAssistant.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MarocAssistant.Channels.Tests.DirectLine;

/// <summary>One Direct Line host for the class, on a clock the tests move; every test opens conversations of its own.</summary>
public sealed class DirectLineHostFixture : IAsyncLifetime
{
    public ManualClock Clock { get; } = new();

    public ChannelTestHost Host { get; private set; } = null!;

    public async ValueTask InitializeAsync() =>
        Host = await ChannelTestHost.StartAsync(
            new Dictionary<string, string?> { ["DirectLine:StreamKeepAliveSeconds"] = "1" },
            services => services.AddSingleton<TimeProvider>(Clock));

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}

public sealed class DirectLineEndpointsTests : IClassFixture<DirectLineHostFixture>, IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly ManualClock _clock;
    private readonly ChannelTestHost _host;
    private readonly DirectLineTestClient _client;

    public DirectLineEndpointsTests(DirectLineHostFixture fixture)
    {
        _clock = fixture.Clock;
        _host = fixture.Host;
        _client = new DirectLineTestClient(_host.BaseUrl);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task Start_WithSecret_Returns201WithConversationTokenAndStreamUrl()
    {
        var (status, body) = await _client.SendAsync(HttpMethod.Post, "/conversations", ChannelTestHost.Secret, new JsonObject { ["user"] = new JsonObject() }, Ct);

        Assert.Equal(HttpStatusCode.Created, status);
        var conversationId = (string)body!["conversationId"]!;
        Assert.Equal(1800, (int)body["expires_in"]!);
        var streamUrl = (string)body["streamUrl"]!;
        Assert.StartsWith("ws://127.0.0.1:", streamUrl, StringComparison.Ordinal);
        Assert.Contains($"/v3/directline/conversations/{conversationId}/stream?watermark=0&t=", streamUrl, StringComparison.Ordinal);
        var claims = DirectLineTestClient.Claims((string)body["token"]!);
        Assert.Equal(conversationId, (string?)claims["conv"]);
        Assert.StartsWith("dl_", (string?)claims["user"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithoutAuthorization_Returns401ProblemDetailsWithDirectLineError()
    {
        var (status, body) = await _client.SendAsync(HttpMethod.Post, "/conversations", null, null, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal(401, (int)body!["status"]!);
        Assert.Equal("MissingToken", (string?)body["error"]!["code"]);
    }

    [Fact]
    public async Task Start_WithWrongSecret_Returns403()
    {
        var (status, body) = await _client.SendAsync(HttpMethod.Post, "/conversations", "not-the-secret", null, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("Forbidden", (string?)body!["error"]!["code"]);
    }

    [Fact]
    public async Task Start_NewConversation_WelcomesFromTheBot()
    {
        var start = await _client.StartAsync(ChannelTestHost.Secret, cancellationToken: Ct);

        var set = await _client.GetActivitiesAsync((string)start["conversationId"]!, ChannelTestHost.Secret, cancellationToken: Ct);

        var welcome = Assert.Single(set["activities"]!.AsArray())!;
        Assert.Equal("message", (string?)welcome["type"]);
        Assert.Equal("bot", (string?)welcome["from"]!["role"]);
        Assert.Contains("Salam", (string?)welcome["text"], StringComparison.Ordinal);
        Assert.Equal((string)start["conversationId"]! + "|0000001", (string?)welcome["id"]);
        Assert.Equal("1", (string?)set["watermark"]);
    }

    [Fact]
    public async Task GenerateToken_WithSecret_GivesTokenThatStartsItsConversationOnce()
    {
        var (status, generated) = await _client.SendAsync(
            HttpMethod.Post, "/tokens/generate", ChannelTestHost.Secret, new JsonObject { ["user"] = new JsonObject { ["id"] = "dl_citizen" } }, Ct);
        Assert.Equal(HttpStatusCode.OK, status);
        var token = (string)generated!["token"]!;
        Assert.Null(generated["streamUrl"]);
        Assert.Equal("dl_citizen", (string?)DirectLineTestClient.Claims(token)["user"]);

        var (first, started) = await _client.SendAsync(HttpMethod.Post, "/conversations", token, null, Ct);
        var (second, again) = await _client.SendAsync(HttpMethod.Post, "/conversations", token, null, Ct);

        Assert.Equal(HttpStatusCode.Created, first);
        Assert.Equal(HttpStatusCode.OK, second);
        Assert.Equal((string)generated["conversationId"]!, (string?)started!["conversationId"]);
        Assert.Equal((string)generated["conversationId"]!, (string?)again!["conversationId"]);
    }

    [Fact]
    public async Task GenerateToken_WithToken_Returns403()
    {
        var start = await _client.StartAsync(ChannelTestHost.Secret, cancellationToken: Ct);

        var (status, _) = await _client.SendAsync(HttpMethod.Post, "/tokens/generate", (string)start["token"]!, null, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, status);
    }

    [Fact]
    public async Task PostActivity_Message_EchoesUserActivityThenRepliesWithButtons()
    {
        var start = await _client.StartAsync(ChannelTestHost.Secret, cancellationToken: Ct);
        var conversationId = (string)start["conversationId"]!;

        var (status, posted) = await _client.PostMessageAsync(conversationId, ChannelTestHost.Secret, "bghit ndir lbasbor", clientActivityId: "client-42", cancellationToken: Ct);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(conversationId + "|0000002", (string?)posted!["id"]);
        var activities = (await _client.GetActivitiesAsync(conversationId, ChannelTestHost.Secret, "1", Ct))["activities"]!.AsArray();
        var echo = activities[0]!;
        Assert.Equal(conversationId + "|0000002", (string?)echo["id"]);
        Assert.Equal("client-42", (string?)echo["channelData"]!["clientActivityID"]);
        Assert.Equal("user-1", (string?)echo["from"]!["id"]);
        Assert.Equal("bghit ndir lbasbor", (string?)echo["text"]);
        var reply = activities[1]!;
        Assert.Equal("bot", (string?)reply["from"]!["role"]);
        Assert.Equal("user-1", (string?)reply["recipient"]!["id"]);
        Assert.Equal(echo["id"]!.GetValue<string>(), (string?)reply["replyToId"]);
        Assert.Equal(conversationId, (string?)reply["conversation"]!["id"]);
        Assert.Equal("ary-Latn", (string?)reply["channelData"]!["detected"]);
        Assert.NotEmpty(reply["suggestedActions"]!["actions"]!.AsArray());
        Assert.EndsWith("Z", (string?)reply["timestamp"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostActivity_WithToken_SpeaksForTheTokensUser()
    {
        var start = await _client.StartAsync(ChannelTestHost.Secret, new JsonObject { ["user"] = new JsonObject { ["id"] = "dl_real" } }, Ct);
        var conversationId = (string)start["conversationId"]!;

        await _client.PostMessageAsync(conversationId, (string)start["token"]!, "passeport", userId: "someone-else", cancellationToken: Ct);

        var echo = (await _client.GetActivitiesAsync(conversationId, ChannelTestHost.Secret, "1", Ct))["activities"]![0]!;
        Assert.Equal("dl_real", (string?)echo["from"]!["id"]);
    }

    [Fact]
    public async Task AnyCall_TokenOfAnotherConversation_Returns403()
    {
        var mine = await _client.StartAsync(ChannelTestHost.Secret, cancellationToken: Ct);
        var theirs = await _client.StartAsync(ChannelTestHost.Secret, cancellationToken: Ct);
        var token = (string)mine["token"]!;
        var other = (string)theirs["conversationId"]!;

        var post = await _client.PostMessageAsync(other, token, "salam", cancellationToken: Ct);
        var get = await _client.SendAsync(HttpMethod.Get, $"/conversations/{other}/activities", token, null, Ct);
        var reconnect = await _client.SendAsync(HttpMethod.Get, $"/conversations/{other}", token, null, Ct);
        var unknown = await _client.SendAsync(HttpMethod.Get, "/conversations/does-not-exist/activities", token, null, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, post.Status);
        Assert.Equal(HttpStatusCode.Forbidden, get.Status);
        Assert.Equal(HttpStatusCode.Forbidden, reconnect.Status);
        Assert.Equal(HttpStatusCode.Forbidden, unknown.Status);
        Assert.Equal("Forbidden", (string?)post.Body!["error"]!["code"]);
        var theirActivities = await _client.GetActivitiesAsync(other, ChannelTestHost.Secret, cancellationToken: Ct);
        Assert.Single(theirActivities["activities"]!.AsArray()); // only their welcome: nothing was posted
    }

    [Fact]
    public async Task Stream_TokenOfAnotherConversation_IsRefusedBeforeUpgrade()
    {
        var mine = await _client.StartAsync(ChannelTestHost.Secret, cancellationToken: Ct);
        var theirs = await _client.StartAsync(ChannelTestHost.Secret, cancellationToken: Ct);
        var myStreamToken = Uri.UnescapeDataString(((string)mine["streamUrl"]!).Split("&t=")[1]);
        var url = $"{_host.DirectLineUrl}/conversations/{(string)theirs["conversationId"]!}/stream?t={Uri.EscapeDataString(myStreamToken)}";

        using var response = await _client.Http.GetAsync(url, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Token_AfterExpiry_Returns403TokenExpiredAndCannotBeRefreshed()
    {
        var start = await _client.StartAsync(ChannelTestHost.Secret, cancellationToken: Ct);
        var conversationId = (string)start["conversationId"]!;
        var token = (string)start["token"]!;

        _clock.Advance(TimeSpan.FromSeconds(1801));
        var post = await _client.PostMessageAsync(conversationId, token, "salam", cancellationToken: Ct);
        var refresh = await _client.SendAsync(HttpMethod.Post, "/tokens/refresh", token, null, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, post.Status);
        Assert.Equal("TokenExpired", (string?)post.Body!["error"]!["code"]);
        Assert.Equal(HttpStatusCode.Forbidden, refresh.Status);
        Assert.Equal("TokenExpired", (string?)refresh.Body!["error"]!["code"]);
    }

    [Fact]
    public async Task Refresh_BeforeExpiry_GivesTokenThatOutlivesTheOldOne()
    {
        var start = await _client.StartAsync(ChannelTestHost.Secret, new JsonObject { ["user"] = new JsonObject { ["id"] = "dl_u" } }, Ct);
        var conversationId = (string)start["conversationId"]!;

        // The citizen writes first: a conversation nobody wrote in is forgotten after UnusedConversationMinutes.
        Assert.Equal(HttpStatusCode.OK, (await _client.PostMessageAsync(conversationId, (string)start["token"]!, "salam", cancellationToken: Ct)).Status);
        _clock.Advance(TimeSpan.FromMinutes(15));

        var (status, refreshed) = await _client.SendAsync(HttpMethod.Post, "/tokens/refresh", (string)start["token"]!, null, Ct);
        _clock.Advance(TimeSpan.FromMinutes(20));
        var withOld = await _client.PostMessageAsync(conversationId, (string)start["token"]!, "salam", cancellationToken: Ct);
        var withNew = await _client.PostMessageAsync(conversationId, (string)refreshed!["token"]!, "salam", cancellationToken: Ct);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(conversationId, (string?)refreshed["conversationId"]);
        Assert.Equal("dl_u", (string?)DirectLineTestClient.Claims((string)refreshed["token"]!)["user"]);
        Assert.Equal(HttpStatusCode.Forbidden, withOld.Status);
        Assert.Equal(HttpStatusCode.OK, withNew.Status);
    }

    [Fact]
    public async Task Refresh_WithSecret_Returns403()
    {
        var (status, _) = await _client.SendAsync(HttpMethod.Post, "/tokens/refresh", ChannelTestHost.Secret, null, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, status);
    }

    [Fact]
    public async Task GetActivities_WithWatermark_ReturnsOnlyNewerAndAdvancesWatermark()
    {
        var start = await _client.StartAsync(ChannelTestHost.Secret, cancellationToken: Ct);
        var conversationId = (string)start["conversationId"]!;
        await _client.PostMessageAsync(conversationId, ChannelTestHost.Secret, "salam", cancellationToken: Ct);
        var all = await _client.GetActivitiesAsync(conversationId, ChannelTestHost.Secret, cancellationToken: Ct);
        var watermark = (string)all["watermark"]!;

        await _client.PostMessageAsync(conversationId, ChannelTestHost.Secret, "passeport", cancellationToken: Ct);
        var newer = await _client.GetActivitiesAsync(conversationId, ChannelTestHost.Secret, watermark, Ct);
        var none = await _client.GetActivitiesAsync(conversationId, ChannelTestHost.Secret, (string)newer["watermark"]!, Ct);

        Assert.Equal(3, all["activities"]!.AsArray().Count);
        Assert.Equal("3", watermark);
        Assert.Equal("passeport", (string?)newer["activities"]![0]!["text"]);
        Assert.Equal(2, newer["activities"]!.AsArray().Count);
        Assert.Equal("5", (string?)newer["watermark"]);
        Assert.Empty(none["activities"]!.AsArray());
        Assert.Equal("5", (string?)none["watermark"]);
    }

    [Fact]
    public async Task GetActivities_WatermarkNotANumber_Returns400()
    {
        var start = await _client.StartAsync(ChannelTestHost.Secret, cancellationToken: Ct);

        var (status, body) = await _client.SendAsync(HttpMethod.Get, $"/conversations/{(string)start["conversationId"]!}/activities?watermark=abc", ChannelTestHost.Secret, null, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("BadArgument", (string?)body!["error"]!["code"]);
    }

    [Theory]
    [InlineData("99999999999")]
    [InlineData("4")]
    public async Task Watermark_BeyondLastActivity_RefusedAlikeByPollingReconnectAndStream(string watermark)
    {
        // The conversation has 3 activities: the welcome, "salam" and its reply.
        var start = await _client.StartAsync(ChannelTestHost.Secret, cancellationToken: Ct);
        var conversationId = (string)start["conversationId"]!;
        await _client.PostMessageAsync(conversationId, ChannelTestHost.Secret, "salam", cancellationToken: Ct);
        var token = (string)start["token"]!;

        var polling = await _client.SendAsync(HttpMethod.Get, $"/conversations/{conversationId}/activities?watermark={watermark}", token, null, Ct);
        var reconnect = await _client.SendAsync(HttpMethod.Get, $"/conversations/{conversationId}?watermark={watermark}", token, null, Ct);
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        var streamUrl = new Uri(((string)start["streamUrl"]!).Replace("watermark=0", "watermark=" + watermark, StringComparison.Ordinal));
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(streamUrl, Ct));

        Assert.Equal(HttpStatusCode.BadRequest, polling.Status);
        Assert.Equal(HttpStatusCode.BadRequest, reconnect.Status);
        Assert.Equal(polling.Body!["error"]!.ToJsonString(), reconnect.Body!["error"]!.ToJsonString());
        Assert.Equal("BadArgument", (string?)polling.Body["error"]!["code"]);
        Assert.Equal(HttpStatusCode.BadRequest, socket.HttpStatusCode);
    }

    [Fact]
    public async Task Watermark_AtLastActivity_AcceptedByPollingAndReconnect()
    {
        var start = await _client.StartAsync(ChannelTestHost.Secret, cancellationToken: Ct);
        var conversationId = (string)start["conversationId"]!;
        await _client.PostMessageAsync(conversationId, ChannelTestHost.Secret, "salam", cancellationToken: Ct);

        var polling = await _client.SendAsync(HttpMethod.Get, $"/conversations/{conversationId}/activities?watermark=3", ChannelTestHost.Secret, null, Ct);
        var reconnect = await _client.SendAsync(HttpMethod.Get, $"/conversations/{conversationId}?watermark=3", ChannelTestHost.Secret, null, Ct);

        Assert.Equal(HttpStatusCode.OK, polling.Status);
        Assert.Empty(polling.Body!["activities"]!.AsArray());
        Assert.Equal("3", (string?)polling.Body["watermark"]);
        Assert.Equal(HttpStatusCode.OK, reconnect.Status);
    }

    [Fact]
    public async Task PostActivity_BadBodies_Get4xxProblemDetails()
    {
        var start = await _client.StartAsync(ChannelTestHost.Secret, cancellationToken: Ct);
        var path = $"/conversations/{(string)start["conversationId"]!}/activities";

        using var malformed = await PostRawAsync(path, ChannelTestHost.Secret, new StringContent("{not json", Encoding.UTF8, "application/json"));
        using var noType = await PostRawAsync(path, ChannelTestHost.Secret, new StringContent("{\"text\":\"x\",\"from\":{\"id\":\"u\"}}", Encoding.UTF8, "application/json"));
        using var noFrom = await PostRawAsync(path, ChannelTestHost.Secret, new StringContent("{\"type\":\"message\",\"text\":\"x\"}", Encoding.UTF8, "application/json"));
        using var plain = await PostRawAsync(path, ChannelTestHost.Secret, new StringContent("hello", Encoding.UTF8, "text/plain"));
        using var huge = await PostRawAsync(path, ChannelTestHost.Secret, new StringContent("{\"type\":\"message\",\"text\":\"" + new string('a', 300_000) + "\"}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noType.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noFrom.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, plain.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        foreach (var response in new[] { malformed, noType, noFrom, plain, huge })
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task PostActivity_UnknownConversationWithSecret_Returns404BadArgument()
    {
        var (status, body) = await _client.PostMessageAsync("no-such-conversation", ChannelTestHost.Secret, "salam", cancellationToken: Ct);

        // Azure's service answers an unknown (or expired) conversation with 404 and the code BadArgument.
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("BadArgument", (string?)body!["error"]!["code"]);
        Assert.False(string.IsNullOrEmpty((string?)body["error"]!["message"]));
    }

    [Fact]
    public async Task Stream_PushesWelcomeThenEchoAndRepliesAsActivitySets()
    {
        var start = await _client.StartAsync(ChannelTestHost.Secret, cancellationToken: Ct);
        var conversationId = (string)start["conversationId"]!;
        await using var stream = await ActivityStream.OpenAsync((string)start["streamUrl"]!, Ct);
        await stream.WaitUntilAsync(s => s.Activities().Count >= 1, Patience, Ct);

        await _client.PostMessageAsync(conversationId, ChannelTestHost.Secret, "bghit ndir lbasbor", clientActivityId: "cid-1", cancellationToken: Ct);
        await stream.WaitUntilAsync(s => s.Activities().Count >= 3, Patience, Ct);

        var sets = stream.Frames.Where(f => f.Length > 0).Select(f => JsonNode.Parse(f)!).ToList();
        Assert.All(sets, set => Assert.NotNull((string?)set["watermark"]));
        var activities = stream.Activities();
        Assert.Contains("Salam", (string?)activities[0]["text"], StringComparison.Ordinal);
        Assert.Equal("cid-1", (string?)activities[1]["channelData"]!["clientActivityID"]);
        Assert.Equal("user", (string?)activities[1]["from"]!["role"]);
        Assert.Equal("bot", (string?)activities[2]["from"]!["role"]);
        Assert.Equal("3", (string?)sets[^1]["watermark"]);
        Assert.DoesNotContain(activities, a => (string?)a["type"] == "conversationUpdate");
    }

    [Fact]
    public async Task Stream_Idle_SendsEmptyKeepAliveFramesAndIgnoresClientPings()
    {
        var start = await _client.StartAsync(ChannelTestHost.Secret, cancellationToken: Ct);
        await using var stream = await ActivityStream.OpenAsync((string)start["streamUrl"]!, Ct);

        // The client's own keep-alive: an empty text frame, which the server must ignore.
        await stream.Socket.SendAsync(Array.Empty<byte>(), WebSocketMessageType.Text, true, Ct);
        await stream.WaitUntilAsync(s => s.Frames.Any(f => f.Length == 0), Patience, Ct);

        Assert.Equal(WebSocketState.Open, stream.Socket.State);
        Assert.Single(stream.Activities()); // the welcome, once
    }

    [Fact]
    public async Task Reconnect_WithWatermark_GivesFreshStreamUrlReplayingFromThere()
    {
        var start = await _client.StartAsync(ChannelTestHost.Secret, cancellationToken: Ct);
        var conversationId = (string)start["conversationId"]!;
        await _client.PostMessageAsync(conversationId, ChannelTestHost.Secret, "passeport", cancellationToken: Ct);

        var (status, reconnected) = await _client.SendAsync(HttpMethod.Get, $"/conversations/{conversationId}?watermark=1", (string)start["token"]!, null, Ct);
        Assert.Equal(HttpStatusCode.OK, status);
        var streamUrl = (string)reconnected!["streamUrl"]!;
        Assert.NotEqual((string)start["streamUrl"]!, streamUrl);
        Assert.NotNull((string?)reconnected["token"]);
        await using var stream = await ActivityStream.OpenAsync(streamUrl, Ct);
        await stream.WaitUntilAsync(s => s.Activities().Count >= 2, Patience, Ct);

        var activities = stream.Activities();
        Assert.Equal(conversationId + "|0000002", (string?)activities[0]["id"]);
        Assert.Equal("passeport", (string?)activities[0]["text"]);
    }

    [Fact]
    public async Task Stream_UrlOlderThanItsLifetime_IsRefused()
    {
        var start = await _client.StartAsync(ChannelTestHost.Secret, cancellationToken: Ct);
        _clock.Advance(TimeSpan.FromSeconds(61));

        using var response = await _client.Http.GetAsync(((string)start["streamUrl"]!).Replace("ws://", "http://", StringComparison.Ordinal), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task StreamToken_AsBearer_IsRefused()
    {
        var start = await _client.StartAsync(ChannelTestHost.Secret, cancellationToken: Ct);
        var streamToken = Uri.UnescapeDataString(((string)start["streamUrl"]!).Split("&t=")[1]);

        var (status, _) = await _client.PostMessageAsync((string)start["conversationId"]!, streamToken, "salam", cancellationToken: Ct);

        Assert.Equal(HttpStatusCode.Forbidden, status);
    }

    [Fact]
    public async Task SessionId_WithToken_ReturnsSessionId()
    {
        var start = await _client.StartAsync(ChannelTestHost.Secret, cancellationToken: Ct);

        var (status, body) = await _client.SendAsync(HttpMethod.Get, "/session/getsessionid", (string)start["token"]!, null, Ct);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(string.IsNullOrEmpty((string?)body!["sessionId"]));
    }

    [Fact]
    public async Task Upload_Image_IsNotKeptAndGetsPoliteReplySayingWhatIsRead()
    {
        var start = await _client.StartAsync(ChannelTestHost.Secret, cancellationToken: Ct);
        var conversationId = (string)start["conversationId"]!;
        using var content = new MultipartFormDataContent();
        var file = new ByteArrayContent([0xFF, 0xD8, 0xFF, 0xE0]);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        content.Add(file, "file", "photo.jpg");

        using var response = await PostRawAsync($"/conversations/{conversationId}/upload?userId=dl_x", (string)start["token"]!, content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var activities = (await _client.GetActivitiesAsync(conversationId, ChannelTestHost.Secret, "1", Ct))["activities"]!.AsArray();
        Assert.Equal("image/jpeg", (string?)activities[0]!["attachments"]![0]!["contentType"]);
        Assert.Null(activities[0]!["attachments"]![0]!["content"]);
        Assert.Contains("lvocal", (string?)activities[1]!["text"], StringComparison.Ordinal);
    }

    /// <summary>A body as given (malformed ones, multipart uploads), through the shared client's connection.</summary>
    private Task<HttpResponseMessage> PostRawAsync(string path, string credential, HttpContent content) =>
        _client.Http.SendAsync(DirectLineTestClient.Request(HttpMethod.Post, path, credential, content), Ct);
}
