using System.Net;
using System.Net.Http.Headers;
using MarocAssistant.Testing;

namespace MarocAssistant.Host.Tests.Widget;

/// <summary>The widget's files, served by a host with a Direct Line secret that they must never contain.</summary>
public sealed class WidgetEndpointsTests : IClassFixture<AssistantHostFixture>
{
    private const string Secret = AssistantHost.DirectLineSecret;

    private readonly AssistantHost _host;

    public WidgetEndpointsTests(AssistantHostFixture fixture)
    {
        _host = fixture.Host;
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetRoot_ServesDemoPageEmbeddingTheWidget()
    {
        using var client = _host.CreateClient();

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
        using var client = _host.CreateClient();

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
        using var client = _host.CreateClient();
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
}
