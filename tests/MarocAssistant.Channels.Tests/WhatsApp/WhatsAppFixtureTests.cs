using System.Net;
using System.Text.Json.Nodes;
using MarocAssistant.Channels.WhatsApp;
using MarocAssistant.Composition;
using MarocAssistant.Testing;

namespace MarocAssistant.Channels.Tests.WhatsApp;

/// <summary>Replays the WhatsApp webhook fixtures (tests/fixtures/whatsapp), each against a fresh channel, and checks every Graph call.</summary>
public sealed class WhatsAppFixtureTests
{
    private const string Bsuid = "US.13491208655302741918";
    private const string Phone = "972987654321";

    /// <summary>Every fixture and what the assistant must do with it.</summary>
    /// <remarks>Text: what the pipeline receives; null: the "what I read" reply; "-": nothing at all (a status).</remarks>
    private static readonly (string File, string PhoneNumberId, string? Text)[] FixtureRows =
    [
        ("webhook-message-text.json", "1122334455667", "Body Text"),
        ("webhook-message-text.meta-docs.json", "106540352242922", "Does it come in another color?"),
        ("webhook-message-interactive-button_reply.json", "1122334455667", "callback_data"),
        ("webhook-message-interactive-list_reply.json", "1122334455667", "callback_data"),
        ("webhook-message-button-template-quick-reply.json", "1122334455667", "callback_data"),
        ("webhook-message-location.json", "1122334455667", null),
        ("webhook-message-location-current.json", "1122334455667", null),
        ("webhook-message-audio-voice.json", "1122334455667", null),
        ("webhook-message-audio-file.json", "1122334455667", null),
        ("webhook-message-image.json", "1122334455667", null),
        ("webhook-status-sent.json", "1122334455667", "-"),
        ("webhook-status-delivered.json", "1122334455667", "-"),
        ("webhook-status-read.json", "1122334455667", "-"),
        ("webhook-status-failed.json", "1122334455667", "-"),
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string, string?> Fixtures()
    {
        var data = new TheoryData<string, string, string?>();
        foreach (var (file, phoneNumberId, text) in FixtureRows)
        {
            data.Add(file, phoneNumberId, text);
        }

        return data;
    }

    [Fact]
    public void Fixtures_CoverEveryWebhookFileOfTheSpecs()
    {

        var files = Directory.GetFiles(WhatsAppHarness.SpecFolder, "webhook-*.json").Select(Path.GetFileName)
            .Where(f => f != "webhook-verification-handshake.json")
            .Order(StringComparer.Ordinal);

        Assert.Equal(files, FixtureRows.Select(row => row.File).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task Post_Fixture_SendsExactlyTheExpectedGraphRequests(string file, string phoneNumberId, string? text)
    {
        await using var harness = await WhatsAppHarness.StartAsync(phoneNumberId);
        var raw = await File.ReadAllTextAsync(Path.Combine(WhatsAppHarness.SpecFolder, file), Ct);

        using var response = await harness.PostAsync(raw, cancellationToken: Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        if (text == "-")
        {
            // A status: nothing queued, nothing sent.
            await Task.Delay(200, Ct);
            Assert.Empty(harness.Graph.Requests);
            Assert.Equal(0, harness.Host.Service<WhatsAppQueue>().Completed);
            return;
        }

        var message = JsonNode.Parse(raw)!["entry"]![0]!["changes"]![0]!["value"]!["messages"]![0]!;
        var replies = await WhatsAppHarness.ExpectedRepliesAsync([text], Ct);
        var expected = replies.SelectMany(r => WhatsAppHarness.ExpectedMessages(r, (string)message["from"]!)).ToList();
        var requests = await harness.GraphRequestsAfterAsync(1, Ct);

        Assert.Equal(1 + expected.Count, requests.Count);
        harness.AssertGraphCall(requests[0], WhatsAppHarness.ExpectedReadReceipt((string)message["id"]!));
        for (var i = 0; i < expected.Count; i++)
        {
            harness.AssertGraphCall(requests[i + 1], expected[i]);
        }
    }

    [Fact]
    public async Task Post_DarijaQuestionThenListTap_AsksWhichOneThenAnswersTheChoice()
    {
        await using var harness = await WhatsAppHarness.StartAsync();
        var question = WhatsAppHarness.Spec("webhook-message-text.json");
        var message = question["entry"]![0]!["changes"]![0]!["value"]!["messages"]![0]!;
        message["id"] = "wamid.question";
        message["text"]!["body"] = "bghit ndir lbasbor";

        using var asked = await harness.PostAsync(question.ToJsonString(), cancellationToken: Ct);
        var first = await harness.GraphRequestsAfterAsync(1, Ct);
        var clarify = Assert.Single(await WhatsAppHarness.ExpectedRepliesAsync(["bghit ndir lbasbor"], Ct));
        Assert.True(clarify.Actions.Count >= 2, "the question has several procedures to choose from");
        var choice = clarify.Actions[1];

        var tap = WhatsAppHarness.Spec("webhook-message-interactive-list_reply.json");
        var reply = tap["entry"]![0]!["changes"]![0]!["value"]!["messages"]![0]!;
        reply["id"] = "wamid.tap";
        reply["interactive"]!["list_reply"]!["id"] = choice.Value;
        reply["interactive"]!["list_reply"]!["title"] = choice.Title;
        using var tapped = await harness.PostAsync(tap.ToJsonString(), cancellationToken: Ct);
        var all = await harness.GraphRequestsAfterAsync(2, Ct);
        var answers = await WhatsAppHarness.ExpectedRepliesAsync(["bghit ndir lbasbor", choice.Value], Ct);
        var expected = answers.SelectMany(r => WhatsAppHarness.ExpectedMessages(r, Phone)).ToList();

        Assert.Equal(2 + 1 + expected.Count, all.Count);
        harness.AssertGraphCall(all[1], Assert.Single(WhatsAppHarness.ExpectedMessages(clarify, Phone)));
        Assert.Equal("interactive", (string?)JsonNode.Parse(all[1].Body)!["type"]);
        harness.AssertGraphCall(all[2], WhatsAppHarness.ExpectedReadReceipt("wamid.tap"));
        for (var i = 0; i < expected.Count; i++)
        {
            harness.AssertGraphCall(all[3 + i], expected[i]);
        }

        Assert.Equal(ReplyKind.Answer, answers[0].Kind);
        Assert.StartsWith("*" + choice.Value + "*", (string?)JsonNode.Parse(all[3].Body)!["text"]?["body"] ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_SameMessageDeliveredThreeTimes_IsAnsweredOnce()
    {
        await using var harness = await WhatsAppHarness.StartAsync();
        var raw = await File.ReadAllTextAsync(Path.Combine(WhatsAppHarness.SpecFolder, "webhook-message-text.json"), Ct);

        var responses = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => harness.PostAsync(raw, cancellationToken: Ct)));
        var requests = await harness.GraphRequestsAfterAsync(3, Ct);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Single(requests, r => r.Body.Contains("\"status\":\"read\"", StringComparison.Ordinal));
        Assert.Single(requests, r => r.Body.Contains("\"recipient_type\"", StringComparison.Ordinal));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Theory]
    [InlineData(500, 2)]
    [InlineData(429, 2)]
    [InlineData(400, 1)]
    public async Task Send_GraphFailsOnce_RetriesOnlyOn429And5xx(int firstStatus, int expectedSendAttempts)
    {
        await using var harness = await WhatsAppHarness.StartAsync(graphStatus: n => n == 1 ? firstStatus : 200);
        var raw = await File.ReadAllTextAsync(Path.Combine(WhatsAppHarness.SpecFolder, "webhook-message-text.json"), Ct);

        using var response = await harness.PostAsync(raw, cancellationToken: Ct);
        var requests = await harness.GraphRequestsAfterAsync(1, Ct);

        var sends = requests.Where(r => !r.Body.Contains("\"status\":\"read\"", StringComparison.Ordinal)).ToList();
        Assert.Equal(expectedSendAttempts, sends.Count);
        Assert.All(sends, s => Assert.Equal(sends[0].Body, s.Body));
    }
}
