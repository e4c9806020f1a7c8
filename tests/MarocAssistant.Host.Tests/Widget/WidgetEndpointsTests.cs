using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using MarocAssistant.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;

namespace MarocAssistant.Host.Tests.Widget;

/// <summary>The host with a Direct Line secret and one administration embedding the widget from its own site.</summary>
public sealed class WidgetHostFixture : IDisposable
{
    public const string Secret = "widget-test-secret-0123456789";
    public const string CommuneOrigin = "https://www.commune-exemple.ma";

    /// <summary>Where the host is configured to be reached (DirectLine:PublicUrl): the demo page's origin.</summary>
    public const string OwnOrigin = "http://localhost";

    private readonly WebApplicationFactory<Program> _root = new();

    public WidgetHostFixture()
    {
        Factory = _root.WithWebHostBuilder(b => b
            .UseSetting("DirectLine:Secret", Secret)
            .UseSetting("DirectLine:PublicUrl", OwnOrigin)
            .UseSetting("Widget:Administrations:commune:Name", "Commune")
            .UseSetting("Widget:Administrations:commune:AllowedOrigins:0", CommuneOrigin));
    }

    public WebApplicationFactory<Program> Factory { get; }

    public void Dispose()
    {
        Factory.Dispose();
        _root.Dispose();
    }
}

public sealed class WidgetEndpointsTests : IClassFixture<WidgetHostFixture>
{
    private const string Secret = WidgetHostFixture.Secret;
    private const string CommuneOrigin = WidgetHostFixture.CommuneOrigin;

    private readonly WebApplicationFactory<Program> _factory;

    public WidgetEndpointsTests(WidgetHostFixture fixture)
    {
        _factory = fixture.Factory;
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static HttpRequestMessage TokenRequest(string? origin, string body = "{\"administration\":\"demo\"}")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/widget/token")
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
    public async Task GetRoot_ServesDemoPageEmbeddingTheWidget()
    {
        using var client = _factory.CreateClient();

        using var response = await client.GetAsync("/", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("/widget.js", html, StringComparison.Ordinal);
        Assert.Contains("data-administration", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetWidgetJs_ServesTheEmbedScript()
    {
        using var client = _factory.CreateClient();

        using var response = await client.GetAsync("/widget.js", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        var script = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("/api/widget/token", script, StringComparison.Ordinal);
        Assert.Contains("createDirectLine", script, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetWebChatBundle_ServesOfficialBundleGzippedWhenAccepted()
    {
        var bundle = Path.Combine(AppContext.BaseDirectory, "wwwroot", "webchat", "webchat.js");
        Requirements.SkipUnless(File.Exists(bundle), "the Web Chat bundle was not fetched by the build (npm unavailable)");
        using var client = _factory.CreateClient();
        using var gzip = new HttpRequestMessage(HttpMethod.Get, "/webchat/webchat.js");
        gzip.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));

        using var plain = await client.GetAsync("/webchat/webchat.js", Ct);
        using var compressed = await client.SendAsync(gzip, Ct);

        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Equal(new FileInfo(bundle).Length, plain.Content.Headers.ContentLength);
        Assert.Equal("gzip", Assert.Single(compressed.Content.Headers.ContentEncoding));
        Assert.True(compressed.Content.Headers.ContentLength < plain.Content.Headers.ContentLength / 3);
        Assert.Contains("max-age", plain.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostToken_FromTheHostsOwnPage_GivesConversationTokenThatStartsDirectLine()
    {
        using var client = _factory.CreateClient();

        using var response = await client.SendAsync(TokenRequest("http://localhost"), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain(Secret, body, StringComparison.Ordinal);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var json = JsonNode.Parse(body)!;
        using var start = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/conversations");
        start.Headers.Authorization = new AuthenticationHeaderValue("Bearer", (string)json["token"]!);
        using var started = await client.SendAsync(start, Ct);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var conversation = JsonNode.Parse(await started.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal((string?)json["conversationId"], (string?)conversation["conversationId"]);
    }

    [Theory]
    [InlineData("evil.example", "http://evil.example")]
    [InlineData("evil.example:8080", "http://evil.example:8080")]
    [InlineData("127.0.0.2", "http://127.0.0.2")]
    public async Task PostToken_OriginMatchingAForgedHostHeader_Refused(string host, string origin)
    {
        // The demo's origin comes from configuration, never from the Host header the client chose.
        using var client = _factory.CreateClient();
        using var request = TokenRequest(origin);
        request.Headers.Host = host;

        using var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("", new[] { "http://0.0.0.0:5080" }, new[] { "http://localhost:5080", "http://127.0.0.1:5080" })]
    [InlineData("", new[] { "http://[::]:8080", "https://+:8443" }, new[] { "http://localhost:8080", "http://127.0.0.1:8080", "https://localhost:8443", "https://127.0.0.1:8443" })]
    [InlineData("https://assistant.example.ma/bot/", new[] { "http://localhost:5080" }, new[] { "https://assistant.example.ma", "http://localhost:5080" })]
    [InlineData("", new[] { "http://*:80" }, new[] { "http://localhost", "http://127.0.0.1" })]
    public void OwnOrigins_FromPublicUrlAndListeningAddresses(string publicUrl, string[] listening, string[] expected)
    {
        var origins = MarocAssistant.Host.Widget.WidgetEndpoints.OwnOrigins(publicUrl, listening);

        Assert.Equal(expected.Order(StringComparer.Ordinal), origins.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task PostToken_FromAllowedOrigin_GivesTokenWithCorsHeaders()
    {
        using var client = _factory.CreateClient();

        using var response = await client.SendAsync(TokenRequest(CommuneOrigin, "{\"administration\":\"commune\"}"), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(CommuneOrigin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("Commune", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["title"]);
    }

    [Fact]
    public async Task Preflight_FromAllowedOrigin_AllowsDirectLineHeaders()
    {
        using var client = _factory.CreateClient();
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/v3/directline/conversations");
        preflight.Headers.Add("Origin", CommuneOrigin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,x-ms-bot-agent");

        using var response = await client.SendAsync(preflight, Ct);

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
        using var client = _factory.CreateClient();

        using var response = await client.SendAsync(TokenRequest(origin, body), Ct);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("token\"", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin") && origin == "https://evil.example");
    }

    [Fact]
    public void Start_OriginWithPath_FailsOptionsValidation()
    {
        using var factory = _factory.WithWebHostBuilder(b => b.UseSetting("Widget:Administrations:bad:AllowedOrigins:0", "https://www.bad.ma/page"));

        var error = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains("https://www.bad.ma/page", error.Message, StringComparison.Ordinal);
    }
}
