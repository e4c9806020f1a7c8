using MarocAssistant.Activities;
using MarocAssistant.Recording.Transcripts;
using MarocAssistant.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MarocAssistant.Recording.Tests.Transcripts;

public sealed class FileTranscriptStoreTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "maroc-store-" + Guid.NewGuid().ToString("N"));
    private readonly ManualTimeProvider _time = new(Start);

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task DeleteAsync_ConversationInTwoChannels_BothRemovedOthersKept()
    {
        var store = Store();
        await store.AppendAsync(new("directline", "c1"), [Message("a")], TestContext.Current.CancellationToken);
        await store.AppendAsync(new("webchat", "c1"), [Message("b")], TestContext.Current.CancellationToken);
        await store.AppendAsync(new("webchat", "c2"), [Message("c")], TestContext.Current.CancellationToken);

        var deleted = await store.DeleteAsync("c1", TestContext.Current.CancellationToken);

        Assert.Equal(2, deleted);
        Assert.Null(await store.ReadAsync(new("directline", "c1"), TestContext.Current.CancellationToken));
        Assert.NotNull(await store.ReadAsync(new("webchat", "c2"), TestContext.Current.CancellationToken));
        Assert.Equal(0, await store.DeleteAsync("c1", TestContext.Current.CancellationToken));
    }

    [Fact]
    public void PathOf_PersonalConversationId_HashedInFileName()
    {
        var path = Store().PathOf(new("whatsapp", "212612345678"));

        Assert.DoesNotContain("212612345678", path, StringComparison.Ordinal);
        Assert.EndsWith(".transcript", path, StringComparison.Ordinal);
        Assert.Equal("whatsapp", Path.GetFileName(Path.GetDirectoryName(path)));
        Assert.StartsWith("ch-", FileTranscriptStore.ChannelFolder("../../etc"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SweepAsync_PastRetention_DeletesOnlyOldTranscripts()
    {
        var store = Store();
        await store.AppendAsync(new("directline", "old"), [Message("a")], TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromDays(20));
        await store.AppendAsync(new("directline", "recent"), [Message("b")], TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromDays(11));
        var sweeper = Sweeper(store, days: 30);

        var deleted = await sweeper.SweepAsync(TestContext.Current.CancellationToken);

        Assert.Equal(1, deleted);
        Assert.Null(await store.ReadAsync(new("directline", "old"), TestContext.Current.CancellationToken));
        Assert.NotNull(await store.ReadAsync(new("directline", "recent"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task SweepAsync_NewTurnInOldConversation_RetentionCountsFromLastTurn()
    {
        var store = Store();
        await store.AppendAsync(new("directline", "c"), [Message("a")], TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromDays(25));
        await store.AppendAsync(new("directline", "c"), [Message("b")], TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromDays(25));

        Assert.Equal(0, await Sweeper(store, days: 30).SweepAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ExecuteAsync_ClockPassesRetention_BackgroundSweepDeletes()
    {
        var store = Store();
        await store.AppendAsync(new("directline", "c"), [Message("a")], TestContext.Current.CancellationToken);
        using var sweeper = Sweeper(store, days: 1, sweepMinutes: 60);
        await sweeper.StartAsync(TestContext.Current.CancellationToken);
        var path = store.PathOf(new("directline", "c"));

        // The first sweep at start-up finds nothing old; then each hour of the fake clock runs one more.
        for (var hour = 0; hour < 30 && File.Exists(path); hour++)
        {
            _time.Advance(TimeSpan.FromHours(1));
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        await sweeper.StopAsync(TestContext.Current.CancellationToken);
        Assert.False(File.Exists(path));
        Assert.True(_time.GetUtcNow() - Start >= TimeSpan.FromDays(1));
    }

    private FileTranscriptStore Store() => new(_folder, _time, NullLogger<FileTranscriptStore>.Instance);

    private TranscriptRetentionService Sweeper(FileTranscriptStore store, int days, int sweepMinutes = 60) => new(
        store,
        _time,
        Options.Create(new TranscriptOptions { Path = _folder, RetentionDays = days, SweepIntervalMinutes = sweepMinutes }),
        NullLogger<TranscriptRetentionService>.Instance);

    private static Activity Message(string text) => new() { Type = "message", Text = text };
}
