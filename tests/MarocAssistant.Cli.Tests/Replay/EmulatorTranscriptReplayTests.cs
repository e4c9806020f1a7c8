using MarocAssistant.Cli.Replay;
using MarocAssistant.Testing;

namespace MarocAssistant.Cli.Tests.Replay;

/// <summary>
/// The Bot Framework Emulator's sample transcript (tests/fixtures/botframework) is another bot's conversation: it is parsed and
/// replayed against ours, and must fail with a report that says what differs.
/// </summary>
public sealed class EmulatorTranscriptReplayTests
{
    private static string EmulatorTranscript => RepoPaths.FixtureFile("botframework", "emulator-sample-conversation.transcript");

    [Fact]
    public void Load_EmulatorTranscript_WelcomeAndTwoUserTurnsWithRecordedReplies()
    {

        var replayCase = TranscriptCaseLoader.Load(EmulatorTranscript);

        Assert.Null(replayCase.LoadError);
        Assert.Equal(ReplaySourceKind.Transcript, replayCase.Kind);
        Assert.Equal([null, "Hello", "I'm doing great, thanks for asking!"], replayCase.Turns.Select(t => t.UserText));
        Assert.Equal(["Welcome to the e2e testing bot! :)"], replayCase.Turns[0].Expect.Replies!.Select(r => r.Text));
        Assert.Equal(["Hello! :)", "How are you doing?"], replayCase.Turns[1].Expect.Replies!.Select(r => r.Text));
        Assert.Empty(replayCase.Turns[2].Expect.Replies!);
    }

    [Fact]
    public async Task Replay_EmulatorTranscript_FailsWithDiffsOfWhatDiffers()
    {
        await using var target = InProcessReplayTarget.Create();

        var report = await new ReplayRunner(target).RunAsync([TranscriptCaseLoader.Load(EmulatorTranscript)], TestContext.Current.CancellationToken);

        var result = Assert.Single(report.Cases);
        Assert.False(result.Passed);
        Assert.Equal(3, result.Turns.Count);

        // Turn 1: the welcome text differs, shown as a line diff: theirs removed, ours added.
        var welcome = result.Turns[0].Failures.Single(f => f.Name == "reply 1 text");
        Assert.Contains(welcome.Diff!, l => l is { Kind: '-', Text: "Welcome to the e2e testing bot! :)" });
        Assert.Contains(welcome.Diff!, l => l.Kind == '+' && l.Text.Contains("Salam", StringComparison.Ordinal));

        // Turn 2: they answered twice, we answer once, and the first texts differ.
        var hello = result.Turns[1];
        var count = hello.Failures.Single(f => f.Name == "replies");
        Assert.StartsWith("2", count.Expected, StringComparison.Ordinal);
        Assert.StartsWith("1", count.Got, StringComparison.Ordinal);
        Assert.Contains(hello.Failures, f => f.Name == "reply 2" && f.Expected == "How are you doing?" && f.Got == "(nothing)");

        // Turn 3: they did not answer, we do.
        Assert.Contains(result.Turns[2].Failures, f => f.Name == "replies" && f.Expected == "0");

        // The console report carries the same facts.
        using var output = new StringWriter();
        new ConsoleReport(output, color: false).WriteCase(result);
        var text = output.ToString();
        Assert.Contains("- Welcome to the e2e testing bot! :)", text, StringComparison.Ordinal);
        Assert.Contains("turn 2: Hello", text, StringComparison.Ordinal);
    }
}
