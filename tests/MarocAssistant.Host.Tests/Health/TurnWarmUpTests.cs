using System.Net;
using System.Text.Json.Nodes;
using MarocAssistant.Recording.Feedback;
using MarocAssistant.Conversation.State;
using MarocAssistant.Host.Admin;
using MarocAssistant.Host.Health;
using MarocAssistant.Host.Tests.Robustness;

namespace MarocAssistant.Host.Tests.Health;

/// <summary>The start-up warm-up (issue 16, part 6): /readyz waits for it, and it leaves nothing behind.</summary>
public sealed class TurnWarmUpTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "maroc-warmup-" + Guid.NewGuid().ToString("N"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task Start_WarmUpRunning_ReadyzIs503ThenReadyAndNothingWasKept()
    {
        await using var host = AssistantHost.Start(new Dictionary<string, string?>
        {
            ["WarmUp:Rounds"] = "2",
            ["WarmUp:PauseMilliseconds"] = "2000",
            ["WarmUp:ReadinessWaitSeconds"] = "0",
            ["Transcripts:Path"] = _folder,
        });
        using var client = host.CreateClient();

        // Each check's details are shown only to the machine itself or to the admin key.
        client.DefaultRequestHeaders.Add(AdminOptions.HeaderName, AssistantHost.AdminKey);
        using (var early = await client.GetAsync("/readyz", Ct))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, early.StatusCode);
            var body = JsonNode.Parse(await early.Content.ReadAsStringAsync(Ct))!;
            Assert.Equal("Unhealthy", (string?)body["checks"]!["warm-up"]!["status"]);
        }

        using var health = await client.GetAsync("/healthz", Ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        limit.CancelAfter(TimeSpan.FromSeconds(60));
        while (!host.Service<TurnWarmUp>().IsDone)
        {
            await Task.Delay(50, limit.Token);
        }

        using var ready = await client.GetAsync("/readyz", Ct);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains(host.Logs.Lines, l => l.EventId == 96);

        // Its turns went through a pipeline of their own: no transcript, no feedback, no Direct Line conversation.
        Assert.False(Directory.Exists(_folder) && Directory.EnumerateFiles(_folder, "*", SearchOption.AllDirectories).Any());
        Assert.Empty(host.Service<FeedbackStore>().Events);
        Assert.Equal(0, Assert.IsType<InMemoryDirectLineStore>(host.Service<IDirectLineStore>()).Count);
        Assert.DoesNotContain(host.Logs.Unhandled, l => !l.Message.Contains("warm-up", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Readyz_DuringWarmUp_WaitsForItInsteadOfFailing()
    {
        await using var host = AssistantHost.Start(new Dictionary<string, string?> { ["WarmUp:Rounds"] = "1", ["WarmUp:PauseMilliseconds"] = "1000" });
        using var client = host.CreateClient();

        using var ready = await client.GetAsync("/readyz", Ct);

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.True(host.Service<TurnWarmUp>().IsDone);
        Assert.Empty(host.Logs.Unhandled);
    }
}
