using System.Text;
using System.Text.Json.Nodes;
using MarocAssistant.Conversation.Pipeline;
using MarocAssistant.Conversation.Tests.Pipeline;
using MarocAssistant.Recording.Transcripts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MarocAssistant.Recording.Tests.Transcripts;

public sealed class TranscriptRecorderTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "maroc-transcripts-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task OnTurnAsync_MessageWithCinAndPhone_StoredWithNeither()
    {
        using var services = Services();
        var pipeline = services.GetRequiredService<TurnPipeline>();
        var store = (FileTranscriptStore)services.GetRequiredService<ITranscriptStore>();
        var message = new IncomingMessage("whatsapp", "212612345678", "212612345678", "cin dyali AB123456 w nmra dyali 06 12 34 56 78, bghit njedded lakart");

        await pipeline.RunAsync(message, TestContext.Current.CancellationToken);

        var files = Directory.GetFiles(_folder, "*.transcript", SearchOption.AllDirectories);
        var file = Assert.Single(files);
        var bytes = await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken);
        var text = Encoding.UTF8.GetString(bytes);
        Assert.DoesNotContain("AB123456", text, StringComparison.Ordinal);
        Assert.DoesNotContain("12 34 56 78", text, StringComparison.Ordinal);
        Assert.DoesNotContain("612345678", text, StringComparison.Ordinal);
        Assert.DoesNotContain("612345678", file, StringComparison.Ordinal);
        Assert.Contains("cin dyali [CIN] w nmra dyali [PHONE], bghit njedded lakart", text, StringComparison.Ordinal);
        Assert.Equal(store.PathOf(new TranscriptKey("whatsapp", "212612345678")), file);
    }

    [Fact]
    public async Task OnTurnAsync_TwoTurns_OneBomLessJsonArrayOfUserAndBotActivitiesInOrder()
    {
        using var services = Services();
        var pipeline = services.GetRequiredService<TurnPipeline>();
        var store = services.GetRequiredService<ITranscriptStore>();

        await pipeline.RunAsync(PipelineFactory.Message("bonjour", "conv-7"), TestContext.Current.CancellationToken);
        var answer = await pipeline.RunAsync(PipelineFactory.Message("je veux renouveler mon passeport", "conv-7"), TestContext.Current.CancellationToken);

        var path = ((FileTranscriptStore)store).PathOf(new TranscriptKey("test", "conv-7"));
        var bytes = await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal((byte)'[', bytes[0]);
        Assert.IsType<JsonArray>(JsonNode.Parse(bytes));
        var activities = await store.ReadAsync(new TranscriptKey("test", "conv-7"), TestContext.Current.CancellationToken);
        Assert.NotNull(activities);
        Assert.Equal(["user", "bot", "user", "bot"], activities.Select(a => a.From?.Role));
        Assert.Equal(["bonjour", "je veux renouveler mon passeport"], activities.Where(a => a.From?.Role == "user").Select(a => a.Text));
        Assert.All(activities, a => Assert.Equal("message", a.Type));
        Assert.All(activities, a => Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", a.Timestamp!));
        Assert.Equal(activities[2].Id, activities[3].ReplyToId);
        Assert.Equal(answer.ProcedureId, activities[3].ChannelDataString("procedure"));
        Assert.Equal("answer", activities[3].ChannelDataString("outcome"));
        Assert.Equal("fr", activities[3].ChannelDataString("detected"));
        Assert.Equal("fr-MA", activities[3].Locale);
    }

    [Fact]
    public void ToActivities_EventsAndButtons_RedactedToo()
    {
        var turn = new TurnResult(
            [new MarocAssistant.Composition.Reply("Appelez le 0537273727", "fr", MarocAssistant.Composition.ReplyKind.Handoff, [new("Rappeler 0612345678", "0612345678")])],
            new MarocAssistant.Language.Detection.LanguageResult("fr", 0.9f),
            null,
            "handoff",
            Events: [new TurnEvent("handoff", "Le citoyen (CIN AB123456) demande un agent")]);

        var activities = TranscriptRecorder.ToActivities(new IncomingMessage("webchat", "c", "u", "agent svp"), turn, DateTimeOffset.UnixEpoch);

        Assert.Equal("Appelez le [PHONE]", activities[1].Text);
        Assert.Equal("Rappeler [PHONE]", activities[1].SuggestedActions!.Actions[0].Title);
        Assert.Equal("[PHONE]", activities[1].SuggestedActions!.Actions[0].ValueText());
        Assert.Equal("event", activities[2].Type);
        Assert.Equal("handoff", activities[2].Name);
        Assert.Equal("Le citoyen (CIN [CIN]) demande un agent", activities[2].Value!.Value.GetString());
        Assert.Equal("1970-01-01T00:00:00.000Z", activities[0].Timestamp);
    }

    private ServiceProvider Services() => PipelineFactory.Services(services =>
        services.AddTranscripts(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Transcripts:Path"] = _folder })
            .Build()));
}
