using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MarocAssistant.Channels.DirectLine;
using MarocAssistant.Testing;
using Microsoft.Extensions.Options;

namespace MarocAssistant.Channels.Tests.DirectLine;

/// <summary>
/// The channels with the demo administration (pages of this host) and one administration embedding the widget from its
/// own site, the host reached at <see cref="OwnOrigin"/> (DirectLine:PublicUrl).
/// </summary>
public sealed class WidgetHostFixture : IAsyncLifetime
{
    public const string CommuneOrigin = "https://www.commune-exemple.ma";

    /// <summary>Where the host is configured to be reached (DirectLine:PublicUrl): the demo page's origin.</summary>
    public const string OwnOrigin = "http://localhost";

    public ChannelTestHost Host { get; private set; } = null!;

    public static Dictionary<string, string?> Settings() => new()
    {
        ["DirectLine:PublicUrl"] = OwnOrigin,
        ["Widget:Administrations:demo:Name"] = "MarocAssistant",
        ["Widget:Administrations:demo:AllowSameOrigin"] = "true",
        ["Widget:Administrations:commune:Name"] = "Commune",
        ["Widget:Administrations:commune:AllowedOrigins:0"] = CommuneOrigin,
    };

    public async ValueTask InitializeAsync() => Host = await ChannelTestHost.StartAsync(Settings());

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}

public sealed class WidgetTokensTests : IClassFixture<WidgetHostFixture>, IDisposable
{
    private const string Secret = ChannelTestHost.Secret;
    private const string CommuneOrigin = WidgetHostFixture.CommuneOrigin;

    private readonly DirectLineTestClient _client;

    public WidgetTokensTests(WidgetHostFixture fixture)
    {
        _client = new DirectLineTestClient(fixture.Host.BaseUrl);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _client.Dispose();

    private static HttpRequestMessage TokenRequest(string? origin, string body = "{\"administration\":\"demo\"}")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, WidgetTokens.Path)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return request;
    }

    [Fact]
    public async Task PostToken_FromTheHostsOwnPage_GivesConversationTokenThatStartsDirectLine()
    {
        using var response = await _client.Http.SendAsync(TokenRequest(WidgetHostFixture.OwnOrigin), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain(Secret, body, StringComparison.Ordinal);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var json = JsonNode.Parse(body)!;
        var (started, conversation) = await _client.SendAsync(HttpMethod.Post, "/conversations", (string)json["token"]!, null, Ct);
        Assert.Equal(HttpStatusCode.Created, started);
        Assert.Equal((string?)json["conversationId"], (string?)conversation!["conversationId"]);
    }

    [Theory]
    [InlineData("evil.example", "http://evil.example")]
    [InlineData("evil.example:8080", "http://evil.example:8080")]
    [InlineData("127.0.0.2", "http://127.0.0.2")]
    public async Task PostToken_OriginMatchingAForgedHostHeader_Refused(string host, string origin)
    {
        // The demo's origin comes from configuration, never from the Host header the client chose.
        using var request = TokenRequest(origin);
        request.Headers.Host = host;

        using var response = await _client.Http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("", new[] { "http://0.0.0.0:5080" }, new[] { "http://localhost:5080", "http://127.0.0.1:5080" })]
    [InlineData("", new[] { "http://[::]:8080", "https://+:8443" }, new[] { "http://localhost:8080", "http://127.0.0.1:8080", "https://localhost:8443", "https://127.0.0.1:8443" })]
    [InlineData("https://assistant.example.ma/bot/", new[] { "http://localhost:5080" }, new[] { "https://assistant.example.ma", "http://localhost:5080" })]
    [InlineData("", new[] { "http://*:80" }, new[] { "http://localhost", "http://127.0.0.1" })]
    public void OwnOrigins_FromPublicUrlAndListeningAddresses(string publicUrl, string[] listening, string[] expected)
    {
        var origins = WidgetTokens.OwnOrigins(publicUrl, listening);

        Assert.Equal(expected.Order(StringComparer.Ordinal), origins.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task PostToken_FromAllowedOrigin_GivesTokenWithCorsHeaders()
    {
        using var response = await _client.Http.SendAsync(TokenRequest(CommuneOrigin, "{\"administration\":\"commune\"}"), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(CommuneOrigin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("Commune", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["title"]);
    }

    [Fact]
    public async Task Preflight_FromAllowedOrigin_AllowsDirectLineHeaders()
    {
        using var preflight = DirectLineTestClient.Request(HttpMethod.Options, "/conversations", null);
        preflight.Headers.Add("Origin", CommuneOrigin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,x-ms-bot-agent");

        using var response = await _client.Http.SendAsync(preflight, Ct);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(CommuneOrigin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("true", response.Headers.GetValues("Access-Control-Allow-Credentials").Single());
        Assert.Contains("x-ms-bot-agent", response.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("https://evil.example", "{\"administration\":\"commune\"}", HttpStatusCode.Forbidden)]
    [InlineData(CommuneOrigin, "{\"administration\":\"demo\"}", HttpStatusCode.Forbidden)]
    [InlineData(null, "{\"administration\":\"demo\"}", HttpStatusCode.Forbidden)]
    [InlineData(CommuneOrigin, "{\"administration\":\"nowhere\"}", HttpStatusCode.NotFound)]
    [InlineData(CommuneOrigin, "{\"administration\":", HttpStatusCode.BadRequest)]
    [InlineData(CommuneOrigin, "{}", HttpStatusCode.BadRequest)]
    public async Task PostToken_NotAllowed_Gets4xxProblemDetailsWithoutToken(string? origin, string body, HttpStatusCode expected)
    {
        using var response = await _client.Http.SendAsync(TokenRequest(origin, body), Ct);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("token\"", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin") && origin == "https://evil.example");
    }

    [Fact]
    public async Task Start_OriginWithPath_FailsOptionsValidation()
    {
        var settings = WidgetHostFixture.Settings();
        settings["Widget:Administrations:bad:AllowedOrigins:0"] = "https://www.bad.ma/page";

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => ChannelTestHost.StartAsync(settings));

        Assert.Contains("https://www.bad.ma/page", error.Message, StringComparison.Ordinal);
    }
}
