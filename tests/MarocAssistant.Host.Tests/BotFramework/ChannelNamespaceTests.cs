using System.Net;
using System.Text.Json.Nodes;
using MarocAssistant.Recording.Feedback;
using MarocAssistant.Conversation.State;
using MarocAssistant.Recording.Transcripts;
using MarocAssistant.Host.Tests.Robustness;

namespace MarocAssistant.Host.Tests.BotFramework;

/// <summary>
/// A conversation belongs to the adapter that authenticated it (issue 16, part 4): a citizen's WhatsApp conversation,
/// started by a signed webhook, cannot be read or written by an anonymous <c>/api/messages</c> call that claims
/// <c>channelId: "whatsapp"</c> and the citizen's phone number as conversation id (Emulator mode, no app id).
/// </summary>
public sealed class ChannelNamespaceTests : IDisposable
{
    private const string Phone = "212600000077";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "maroc-namespace-" + Guid.NewGuid().ToString("N"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task AnonymousMessage_ClaimingWhatsAppAndAPhoneNumber_NeitherReadsNorWritesThatCitizensConversation()
    {
        await using var graph = await WhatsAppGraph.StartAsync();
        var settings = graph.Settings();
        settings["Transcripts:Path"] = Path.Combine(_folder, "transcripts");
        settings["Feedback:Path"] = Path.Combine(_folder, "feedback.jsonl");
        await using var host = AssistantHost.Start(settings);
        using var client = host.CreateClient();
        var state = host.Service<IConversationStore>();
        var transcripts = (FileTranscriptStore)host.Service<ITranscriptStore>();
        var feedback = host.Service<FeedbackStore>();
        var citizenTranscript = transcripts.PathOf(new TranscriptKey("whatsapp", Phone));

        // The citizen, through a webhook signed with the app secret: a passport renewal.
        using (var webhook = await WhatsAppGraph.PostAsync(client, WhatsAppGraph.Notification("wamid.ns-1", "bghit njded lpasspor dyali", Phone), cancellationToken: Ct))
        {
            Assert.Equal(HttpStatusCode.OK, webhook.StatusCode);
        }

        await WhatsAppGraph.WaitForCompletedAsync(host, 1, Ct);
        var before = await state.GetAsync("whatsapp:" + Phone, Ct);
        Assert.Equal("passport-renewal", before?.FocusProcedureId);
        var transcriptBefore = await File.ReadAllBytesAsync(citizenTranscript, Ct);
        var feedbackBefore = feedback.Events.Count(e => e.ConversationHash == FeedbackStore.Hash("whatsapp", Phone));

        // Someone else, anonymously, posing as the WhatsApp channel with the citizen's number.
        var spoof = ActivityBuilder.Message("chno khassni?", conversationId: Phone);
        spoof["channelId"] = "whatsapp";
        spoof["from"]!["id"] = Phone;
        using var response = await client.PostAsync("/api/messages", ActivityBuilder.Json(spoof), Ct);

        // Answered as a fresh conversation: nothing of the passport renewal leaks into the reply.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var replies = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["activities"]!.AsArray();
        Assert.NotEmpty(replies);
        Assert.All(replies, reply => Assert.NotEqual("passport-renewal", (string?)reply!["channelData"]?["procedure"]));
        Assert.All(replies, reply => Assert.DoesNotContain("passeport", ((string?)reply!["text"] ?? "").ToLowerInvariant(), StringComparison.Ordinal));

        // The citizen's state, transcript and feedback are untouched; the anonymous turn lives in its own namespace.
        Assert.Equal(before, await state.GetAsync("whatsapp:" + Phone, Ct));
        Assert.Equal(transcriptBefore, await File.ReadAllBytesAsync(citizenTranscript, Ct));
        Assert.Equal(feedbackBefore, feedback.Events.Count(e => e.ConversationHash == FeedbackStore.Hash("whatsapp", Phone)));
        Assert.NotNull(await state.GetAsync("emulator:" + Phone, Ct));
        Assert.True(File.Exists(transcripts.PathOf(new TranscriptKey("emulator", Phone))));
    }
}
