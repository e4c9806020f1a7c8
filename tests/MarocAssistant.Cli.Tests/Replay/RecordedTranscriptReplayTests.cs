using MarocAssistant.Cli.Replay;
using MarocAssistant.Conversation.Pipeline;
using MarocAssistant.Recording.Transcripts;
using Microsoft.Extensions.DependencyInjection;

namespace MarocAssistant.Cli.Tests.Replay;

/// <summary>A conversation recorded by the host's recorder replays against the same assistant without a difference.</summary>
public sealed class RecordedTranscriptReplayTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "maroc-recorded-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task Replay_OwnRecording_PassesIgnoringIdsAndTimestamps()
    {
        using var services = CliServices.Build();
        var pipeline = services.GetRequiredService<TurnPipeline>();
        var recorder = new TranscriptRecorder(new FileTranscriptStore(_folder, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<FileTranscriptStore>.Instance), TimeProvider.System);
        foreach (var text in new[] { "salam", "bghit njedded lbasbor", "la carte nationale", "Renouvellement", "chokran" })
        {
            var message = new IncomingMessage("webchat", "recorded-1", "user-1", text);
            await recorder.OnTurnAsync(message, await pipeline.RunAsync(message, TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);
        }

        var file = Assert.Single(Directory.GetFiles(_folder, "*.transcript", SearchOption.AllDirectories));
        var replayCase = TranscriptCaseLoader.Load(file);
        await using var target = InProcessReplayTarget.Create();
        var report = await new ReplayRunner(target).RunCaseAsync(replayCase, TestContext.Current.CancellationToken);

        Assert.Equal(5, replayCase.Turns.Count);
        Assert.True(report.Passed, report.FailureSummary);
        Assert.Contains(report.Turns[1].Checks, c => c.Name == "reply 1 procedure" && c.Passed);
        Assert.Contains(report.Turns[2].Checks, c => c.Name == "reply 1 buttons" && c.Passed);
    }
}
