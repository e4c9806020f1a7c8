using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using MarocAssistant.Testing;

namespace MarocAssistant.EndToEnd.Tests.WhatsApp;

/// <summary>The host as deployed: Meta's signed webhook in, the Graph API calls out (to a loopback stand-in).</summary>
[Collection(RunningHostCollection.Name)]
public sealed class WhatsAppOverHostTests
{
    private readonly RunningHost _host;

    public WhatsAppOverHostTests(RunningHost host)
    {
        _host = host;
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Webhook_SignedDarijaQuestion_IsReadAndAnsweredWithAChoiceList()
    {
        var fixture = RepoPaths.FixtureFile("whatsapp", "webhook-message-text.json");
        var payload = JsonNode.Parse(await File.ReadAllTextAsync(fixture, Ct))!;
        var messageId = "wamid.e2e-" + Guid.NewGuid().ToString("N");
        var message = payload["entry"]![0]!["changes"]![0]!["value"]!["messages"]![0]!;
        message["id"] = messageId;
        message["text"]!["body"] = "bghit ndir lbasbor";
        var body = Encoding.UTF8.GetBytes(payload.ToJsonString());
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Headers.Add("X-Hub-Signature-256",
            "sha256=" + Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(RunningHost.WhatsAppSecret), body)).ToLowerInvariant());
        using var http = new HttpClient();

        using var response = await http.PostAsync(_host.BaseUrl + "/api/whatsapp", content, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        limit.CancelAfter(TimeSpan.FromSeconds(15));
        while (!_host.Graph.Requests.Any(r => r.Body.Contains("\"to\":\"972987654321\"", StringComparison.Ordinal)))
        {
            await Task.Delay(20, limit.Token);
        }

        var calls = _host.Graph.Requests.ToList();
        Assert.All(calls, c => Assert.Equal($"/v23.0/{RunningHost.WhatsAppPhoneNumberId}/messages", c.PathAndQuery));
        Assert.Contains(calls, c => c.Body.Contains(messageId, StringComparison.Ordinal) && c.Body.Contains("\"status\":\"read\"", StringComparison.Ordinal));
        var reply = JsonNode.Parse(calls.Single(c => c.Body.Contains("\"to\":\"972987654321\"", StringComparison.Ordinal)).Body)!;
        Assert.Equal("interactive", (string?)reply["type"]);
        Assert.True(reply["interactive"]!["action"]!.AsObject().Count > 0);
    }
}
