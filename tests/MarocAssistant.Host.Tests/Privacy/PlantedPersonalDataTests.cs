using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using MarocAssistant.Recording.Feedback;
using MarocAssistant.Host.Tests.BotFramework;
using MarocAssistant.Host.Tests.Robustness;
using MarocAssistant.Testing;

namespace MarocAssistant.Host.Tests.Privacy;

/// <summary>
/// The end-to-end claim of the redaction sets (tests/privacy): every planted message goes through a real channel of
/// one host (Bot Framework, Direct Line or a signed WhatsApp webhook, in turn), and none of the planted spans can then
/// be found in the transcript files, the feedback file (unanswered questions), any log line the host wrote, or
/// <c>/metrics</c>. And the search still finds the procedure once the citizen's name is blanked.
/// </summary>
public sealed class PlantedPersonalDataTests : IAsyncLifetime
{
    // Arabic and accents written as they are, so that a span is found in the file whatever the writer escaped.
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "maroc-planted-" + Guid.NewGuid().ToString("N"));
    private WhatsAppGraph? _graph;
    private AssistantHost? _host;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string TranscriptFolder => Path.Combine(_folder, "transcripts");

    private string FeedbackFile => Path.Combine(_folder, "feedback.jsonl");

    public async ValueTask InitializeAsync()
    {
        _graph = await WhatsAppGraph.StartAsync();
        var settings = _graph.Settings();
        settings["Transcripts:Path"] = TranscriptFolder;
        settings["Feedback:Path"] = FeedbackFile;
        settings["RateLimiting:PermitsPerUser"] = "1000000";
        settings["RateLimiting:PermitsPerAddress"] = "1000000";
        _host = AssistantHost.Start(settings);
    }

    public async ValueTask DisposeAsync()
    {
        await _host!.DisposeAsync();
        await _graph!.DisposeAsync();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task PlantedSet_ThroughEveryChannel_NoSpanInTranscriptsFeedbackLogsOrMetrics()
    {
        var planted = File.ReadLines(Path.Combine(RepoPaths.Root, "tests", "privacy", "planted-personal.jsonl"))
            .Select(line => JsonNode.Parse(line)!)
            .Select(node => ((string)node["text"]!, node["spans"]!.AsArray().Select(s => (string)s!["text"]!).ToList()))
            .ToList();
        using var client = _host!.CreateClient();
        using var directLine = new DirectLineTestClient(client);
        var (directLineConversation, directLineToken) = ("", "");
        var whatsApp = 0;
        for (var i = 0; i < planted.Count; i++)
        {
            var text = planted[i].Item1;
            switch (i % 3)
            {
                case 0:
                    var activity = ActivityBuilder.Message(text, conversationId: "planted-" + i);
                    using (var response = await client.PostAsync("/api/messages", ActivityBuilder.Json(activity), Ct))
                    {
                        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    }

                    break;
                case 1:
                    if (i % 30 == 1)
                    {
                        // Ten messages per Direct Line conversation, as a citizen who keeps writing.
                        (directLineConversation, directLineToken) = await directLine.StartConversationAsync(AssistantHost.DirectLineSecret, Ct);
                    }

                    Assert.Equal(HttpStatusCode.OK, (await directLine.PostMessageAsync(directLineConversation, directLineToken, text, cancellationToken: Ct)).Status);

                    break;
                default:
                    var phone = "2126" + (10_000_000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    using (var response = await WhatsAppGraph.PostAsync(client, WhatsAppGraph.Notification("wamid.planted-" + i, text, phone), cancellationToken: Ct))
                    {
                        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    }

                    whatsApp++;
                    break;
            }
        }

        await WhatsAppGraph.WaitForCompletedAsync(_host, whatsApp, Ct);
        var metrics = await client.GetStringAsync("/metrics", Ct);
        await _host.DisposeAsync();   // flush and close every file before reading it

        var transcripts = Directory.EnumerateFiles(TranscriptFolder, "*.transcript", SearchOption.AllDirectories)
            .Select(path => JsonNode.Parse(File.ReadAllText(path))!.ToJsonString(Relaxed))
            .ToList();
        var feedback = File.ReadLines(FeedbackFile).Select(line => JsonNode.Parse(line)!.ToJsonString(Relaxed)).ToList();
        var logs = _host.Logs.Lines.Select(l => l.Message + " " + l.Exception?.Message).ToList();

        // The checks must have something to look at: every channel recorded, questions left unanswered, placeholders written.
        Assert.Equal(["directline", "emulator", "whatsapp"], Directory.GetDirectories(TranscriptFolder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.True(transcripts.Count >= planted.Count / 3, $"{transcripts.Count} transcripts");
        foreach (var placeholder in new[] { "[NAME]", "[ADDRESS]", "[CARD]", "[CNSS]", "[EMAIL]", "[BIRTHDATE]" })
        {
            Assert.Contains(transcripts, t => t.Contains(placeholder, StringComparison.Ordinal));
        }

        Assert.True(feedback.Count(f => f.Contains(FeedbackEvent.Unanswered, StringComparison.Ordinal)) >= 10, $"{feedback.Count} feedback events");
        Assert.Contains(feedback, f => f.Contains("[NAME]", StringComparison.Ordinal) || f.Contains("[ADDRESS]", StringComparison.Ordinal));
        Assert.Contains("maroc_turns_total", metrics, StringComparison.Ordinal);

        var leaks = new List<string>();
        foreach (var span in planted.SelectMany(p => p.Item2).Distinct())
        {
            leaks.AddRange(transcripts.Where(t => t.Contains(span, StringComparison.Ordinal)).Select(_ => "transcript: " + span));
            leaks.AddRange(feedback.Where(f => f.Contains(span, StringComparison.Ordinal)).Select(f => "feedback: " + span + " in " + f));
            leaks.AddRange(logs.Where(l => l.Contains(span, StringComparison.Ordinal)).Select(l => "log: " + span + " in " + l));
            if (metrics.Contains(span, StringComparison.Ordinal))
            {
                leaks.Add("metrics: " + span);
            }
        }

        Assert.True(leaks.Count == 0, $"{leaks.Count} leaks:\n" + string.Join("\n", leaks.Take(50)));
    }

    [Theory]
    [InlineData("je m'appelle Karim Bennani, je veux renouveler mon passeport", "passport-renewal")]
    [InlineData("salam smiti youssef el amrani, lbasbor dyali sala bghit njeddo", "passport-renewal")]
    [InlineData("اسمي كريم بناني وأسكن في 12 شارع ابن سينا، أريد تجديد جواز السفر", "passport-renewal")]
    [InlineData("my name is John Smith, I live at 12 rue Ibn Sina, how do I renew my passport?", "passport-renewal")]
    public async Task Message_WithNameAndAddress_StillAnsweredWithTheProcedure(string text, string procedure)
    {
        using var client = _host!.CreateClient();

        using var response = await client.PostAsync("/api/messages", ActivityBuilder.Json(ActivityBuilder.Message(text, conversationId: "search-" + Guid.NewGuid().ToString("N"))), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var replies = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["activities"]!.AsArray();
        Assert.Contains(replies, r => (string?)r!["channelData"]?["procedure"] == procedure);
    }
}
