using System.Net;
using System.Text;
using MarocAssistant.Channels.WhatsApp;
using MarocAssistant.Testing;

namespace MarocAssistant.Channels.Tests.WhatsApp;

/// <summary>One channel for the class, started once.</summary>
public sealed class WhatsAppHarnessFixture : IAsyncLifetime
{
    public WhatsAppHarness Harness { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Harness = await WhatsAppHarness.StartAsync();

    public async ValueTask DisposeAsync() => await Harness.DisposeAsync();
}

/// <summary>Handshake, signatures and bad input: nothing here needs a fresh channel.</summary>
public sealed class WhatsAppWebhookTests : IClassFixture<WhatsAppHarnessFixture>
{
    private readonly WhatsAppHarness _harness;

    public WhatsAppWebhookTests(WhatsAppHarnessFixture fixture)
    {
        _harness = fixture.Harness;
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Signature_TestVectors_MatchAndAnyChangeFails(int index)
    {
        var vectors = WhatsAppHarness.Spec("signature-test-vectors.json");
        var secret = (string)vectors["app_secret"]!;
        var vector = vectors["vectors"]![index]!;
        var body = Encoding.UTF8.GetBytes((string)vector["raw_body"]!);
        var signature = (string)vector["x_hub_signature_256"]!;

        Assert.True(WhatsAppSignature.IsValid(secret, body, signature));
        Assert.Equal(signature, WhatsAppSignature.Sign(secret, body));
        Assert.False(WhatsAppSignature.IsValid(secret + "x", body, signature));
        Assert.False(WhatsAppSignature.IsValid(secret, [.. body, (byte)' '], signature));
        Assert.False(WhatsAppSignature.IsValid(secret, body, signature.ToUpperInvariant()));
        Assert.False(WhatsAppSignature.IsValid(secret, body, signature[7..]));
        Assert.False(WhatsAppSignature.IsValid(secret, body, null));
    }

    [Fact]
    public async Task Post_EscapedUnicodeVector_IsAcceptedAsSentByteForByte()
    {
        var vector = WhatsAppHarness.Spec("signature-test-vectors.json")["vectors"]![1]!;
        var completed = _harness.Host.Service<WhatsAppQueue>().Completed;

        using var response = await _harness.PostAsync((string)vector["raw_body"]!, (string)vector["x_hub_signature_256"]!, Ct);
        var requests = await _harness.GraphRequestsAfterAsync(completed + 1, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(requests, r => r.Body.Contains("\"message_id\":\"wamid.X\"", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("sha256=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("")]
    [InlineData("sha1=abc")]
    public async Task Post_WrongSignature_Returns401AndProcessesNothing(string signature)
    {
        var raw = (await File.ReadAllTextAsync(Path.Combine(WhatsAppHarness.SpecFolder, "webhook-message-text.json"), Ct))
            .Replace("wamid.xyzxyz", "wamid.unsigned-" + Guid.NewGuid().ToString("N"), StringComparison.Ordinal);
        var completedBefore = _harness.Host.Service<WhatsAppQueue>().Completed;

        using var response = await _harness.PostAsync(raw, signature, Ct);
        await Task.Delay(200, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain(_harness.Graph.Requests, r => r.Body.Contains("wamid.unsigned", StringComparison.Ordinal));
        Assert.Equal(completedBefore, _harness.Host.Service<WhatsAppQueue>().Completed);
    }

    [Fact]
    public async Task Post_SignedButMalformedJson_Returns400()
    {
        using var response = await _harness.PostAsync("{\"object\":", cancellationToken: Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Post_SignedWithNullsInsideArrays_IsAcknowledgedAndIgnored()
    {
        var completed = _harness.Host.Service<WhatsAppQueue>().Completed;

        using var response = await _harness.PostAsync(
            "{\"object\":\"whatsapp_business_account\",\"entry\":[null,{\"changes\":[null,{\"field\":\"messages\",\"value\":{\"contacts\":[null],\"messages\":[null,{\"type\":\"text\"}]}}]}]}",
            cancellationToken: Ct);
        await Task.Delay(100, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(completed, _harness.Host.Service<WhatsAppQueue>().Completed);
    }

    [Fact]
    public async Task Post_TooLarge_Returns413()
    {
        using var response = await _harness.PostAsync("{\"object\":\"" + new string('x', 1_100_000) + "\"}", cancellationToken: Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Verify_RightToken_EchoesChallengeAsPlainText()
    {
        var handshake = WhatsAppHarness.Spec("webhook-verification-handshake.json");
        var query = handshake["request"]!["query"]!;
        using var http = new HttpClient();

        using var response = await http.GetAsync(
            $"{_harness.WebhookUrl}?hub.mode={query["hub.mode"]}&hub.challenge={query["hub.challenge"]}&hub.verify_token={query["hub.verify_token"]}", Ct);

        var expected = handshake["expected_response_when_token_matches"]!;
        Assert.Equal((int)expected["status"]!, (int)response.StatusCode);
        Assert.Equal((string?)expected["content_type"], response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((string?)expected["body"], await response.Content.ReadAsStringAsync(Ct));
    }

    [Theory]
    [InlineData("subscribe", "wrong-token")]
    [InlineData("unsubscribe", WhatsAppHarness.VerifyToken)]
    public async Task Verify_WrongModeOrToken_Returns403(string mode, string token)
    {
        using var http = new HttpClient();

        using var response = await http.GetAsync($"{_harness.WebhookUrl}?hub.mode={mode}&hub.challenge=1158201444&hub.verify_token={token}", Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("1158201444", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }
}
