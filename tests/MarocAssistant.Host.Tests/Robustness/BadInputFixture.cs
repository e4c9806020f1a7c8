using System.Net.Http.Headers;
using MarocAssistant.Testing;

namespace MarocAssistant.Host.Tests.Robustness;

/// <summary>One host with every channel on (WhatsApp against a loopback Graph API) and one open Direct Line conversation.</summary>
public sealed class BadInputFixture : IAsyncLifetime
{
    private WhatsAppGraph? _graph;
    private AssistantHost? _host;

    internal AssistantHost Host => _host!;

    internal WhatsAppGraph Graph => _graph!;

    internal HttpClient Client { get; private set; } = null!;

    internal DirectLineTestClient DirectLine { get; private set; } = null!;

    internal string ConversationId { get; private set; } = "";

    internal string Token { get; private set; } = "";

    internal string StreamToken { get; private set; } = "";

    internal string OtherToken { get; private set; } = "";

    internal string ActivitiesPath => $"/v3/directline/conversations/{ConversationId}/activities";

    public async ValueTask InitializeAsync()
    {
        _graph = await WhatsAppGraph.StartAsync();
        var settings = _graph.Settings();
        settings["RateLimiting:PermitsPerUser"] = "1000000";
        settings["RateLimiting:PermitsPerAddress"] = "1000000";
        settings["RateLimiting:ConversationsPerAddress"] = "1000000";
        _host = AssistantHost.Start(settings);
        Client = _host.CreateClient();
        DirectLine = new DirectLineTestClient(Client);

        var body = await DirectLine.StartAsync(AssistantHost.DirectLineSecret);
        ConversationId = (string)body["conversationId"]!;
        Token = (string)body["token"]!;
        var streamUrl = new Uri((string)body["streamUrl"]!);
        StreamToken = Uri.UnescapeDataString(streamUrl.Query.Split('&').Single(p => p.StartsWith("t=", StringComparison.Ordinal))[2..]);
        (_, OtherToken) = await DirectLine.StartConversationAsync(AssistantHost.DirectLineSecret, CancellationToken.None);
    }

    internal HttpRequestMessage WithToken(HttpRequestMessage request)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return request;
    }

    internal static HttpRequestMessage WithSecret(HttpRequestMessage request)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AssistantHost.DirectLineSecret);
        return request;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _host!.DisposeAsync();
        await _graph!.DisposeAsync();
    }
}
