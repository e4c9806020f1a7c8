extern alias host;

using MarocAssistant.Cli.Replay;
using MarocAssistant.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using HostProgram = host::Program;

namespace MarocAssistant.Cli.Tests.Replay;

/// <summary>Replays over Direct Line 3.0 against the real host (the channels' Direct Line server), in memory.</summary>
public sealed class DirectLineReplayTests : IClassFixture<DirectLineReplayTests.HostWithSecret>
{
    public const string Secret = "replay-test-secret-0123456789";

    private readonly HostWithSecret _host;

    public DirectLineReplayTests(HostWithSecret host)
    {
        _host = host;
    }

    [Fact]
    public async Task Replay_GoldenConversationOverDirectLine_PassesWithChannelDataFacts()
    {
        var cases = ReplayInputs.Load(
            [Path.Combine(RepoPaths.Root, "tests", "transcripts", "conversation-fr.yaml"), Path.Combine(RepoPaths.Root, "tests", "transcripts", "clarify-carte-nationale.yaml")],
            withVariants: false);
        await using var target = new DirectLineReplayTarget(_host.CreateClient(), Secret, TimeSpan.FromSeconds(10));

        var report = await new ReplayRunner(target).RunAsync(cases, TestContext.Current.CancellationToken);

        Assert.All(report.Cases, c => Assert.True(c.Passed, c.Case.DisplayName + ": " + c.FailureSummary));
        var answer = report.Cases[0].Turns[1].Got!;
        Assert.Equal("passport-renewal", answer.Procedure);
        Assert.Equal("fr", answer.Detected);
        Assert.Equal("answer", answer.Outcome);
        Assert.StartsWith("Direct Line http", report.Target, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WelcomeAsync_NewConversation_ReturnsTheHostsWelcome()
    {
        await using var target = new DirectLineReplayTarget(_host.CreateClient(), Secret, TimeSpan.FromSeconds(10));
        await using var conversation = await target.StartAsync(TestContext.Current.CancellationToken);

        var welcome = await conversation.WelcomeAsync(TestContext.Current.CancellationToken);

        Assert.Contains("Bonjour", welcome.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_WrongSecret_CaseFailsWithTheReason()
    {
        var cases = ReplayInputs.Load([Path.Combine(RepoPaths.Root, "tests", "transcripts", "help.yaml")], withVariants: false);
        await using var target = new DirectLineReplayTarget(_host.CreateClient(), "not-the-secret-at-all-000", TimeSpan.FromSeconds(5));

        var report = await new ReplayRunner(target).RunAsync(cases, TestContext.Current.CancellationToken);

        var result = Assert.Single(report.Cases);
        Assert.False(result.Passed);
        Assert.Contains("HTTP 403", result.Error, StringComparison.Ordinal);
        Assert.Contains("DIRECTLINE_SECRET", result.Error, StringComparison.Ordinal);
    }

    public sealed class HostWithSecret : WebApplicationFactory<HostProgram>
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder) =>
            builder.UseSetting("DirectLine:Secret", Secret);
    }
}
