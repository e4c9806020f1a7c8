using MarocAssistant.Activities;
using MarocAssistant.Conversation.State;
using MarocAssistant.Testing;

namespace MarocAssistant.Conversation.Tests.State;

public sealed class InMemoryDirectLineStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Microsoft.Extensions.Options.IOptions<DirectLineStoreOptions> Options(Action<DirectLineStoreOptions>? change = null)
    {
        var options = new DirectLineStoreOptions();
        change?.Invoke(options);
        return Microsoft.Extensions.Options.Options.Create(options);
    }

    private static ManualTimeProvider NewClock() => new(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Append_BeyondLimit_DropsOldestButKeepsCountingWatermarks()
    {
        var store = new InMemoryDirectLineStore(Options(o => o.MaxActivitiesPerConversation = 10), NewClock());
        await store.CreateAsync("c1", Ct);

        for (var i = 0; i < 15; i++)
        {
            await store.AppendAsync("c1", [new Activity { Type = "message", Text = "m" + i }], Ct);
        }

        var page = await store.ReadAsync("c1", 0, 100, Ct);
        Assert.Equal(10, page!.Activities.Count);
        Assert.Equal(6, page.Activities[0].Watermark);
        Assert.Equal(15, page.Watermark);
        Assert.Contains("\"id\":\"c1|0000015\"", page.Activities[^1].Json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Conversation_IdleTooLong_IsForgottenAndWakesWaiters()
    {
        var clock = NewClock();
        var store = new InMemoryDirectLineStore(Options(o => o.ConversationIdleMinutes = 5), clock);
        await store.CreateAsync("c1", Ct);
        var waiting = store.WaitForActivityAsync("c1", 0, Ct);

        clock.Advance(TimeSpan.FromMinutes(6));

        Assert.False(await store.ExistsAsync("c1", Ct));
        await waiting.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.Null(await store.ReadAsync("c1", 0, 10, Ct));
    }

    [Fact]
    public async Task Create_WhenFull_EvictsIdlestUnusedFirstAndNeverExceedsCap()
    {
        var clock = NewClock();
        var store = new InMemoryDirectLineStore(Options(o => o.MaxConversations = 3), clock);
        await store.CreateAsync("used-early", Ct);
        await store.AppendAsync("used-early", [Citizen("salam")], Ct);
        clock.Advance(TimeSpan.FromSeconds(1));
        await store.CreateAsync("unused-old", Ct);
        await store.AppendAsync("unused-old", [Bot("welcome")], Ct);
        clock.Advance(TimeSpan.FromSeconds(1));
        await store.CreateAsync("unused-new", Ct);
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.False(await store.CreateAsync("used-early", Ct));
        Assert.True(await store.CreateAsync("c4", Ct));

        // The oldest conversation the citizen never wrote in made room; the one they wrote in stays, though older.
        Assert.Equal(3, store.Count);
        Assert.False(await store.ExistsAsync("unused-old", Ct));
        Assert.Null(await store.AppendAsync("unused-old", [Citizen("late")], Ct));
        Assert.True(await store.ExistsAsync("used-early", Ct));
        Assert.True(await store.ExistsAsync("unused-new", Ct));
        Assert.Equal(1, store.Evicted);

        for (var i = 0; i < 50; i++)
        {
            Assert.True(await store.CreateAsync("flood-" + i, Ct));
            Assert.InRange(store.Count, 1, 3);
        }

        // A flood of starts nobody writes in only ever evicts its own conversations: the citizen's stays.
        Assert.True(await store.ExistsAsync("used-early", Ct));
        Assert.Equal(51, store.Evicted);
    }

    [Fact]
    public async Task Conversation_CitizenNeverWrote_ExpiresAfterUnusedMinutesOnly()
    {
        var clock = NewClock();
        var store = new InMemoryDirectLineStore(Options(o => o.UnusedConversationMinutes = 5), clock);
        await store.CreateAsync("welcome-only", Ct);
        await store.AppendAsync("welcome-only", [Bot("welcome")], Ct);
        await store.CreateAsync("talked", Ct);
        await store.AppendAsync("talked", [Bot("welcome"), Citizen("bghit passport")], Ct);
        await store.CreateAsync("typing-only", Ct);
        await store.AppendAsync("typing-only", [new Activity { Type = ActivityTypes.Typing, From = new ChannelAccount { Id = "u", Role = "user" } }], Ct);

        clock.Advance(TimeSpan.FromMinutes(6));

        Assert.False(await store.ExistsAsync("welcome-only", Ct));
        Assert.False(await store.ExistsAsync("typing-only", Ct));
        Assert.True(await store.ExistsAsync("talked", Ct));
        clock.Advance(TimeSpan.FromMinutes(115));
        Assert.False(await store.ExistsAsync("talked", Ct));
    }

    [Fact]
    public async Task Append_OverByteBudget_DropsOldestOfIdlestConversationsFirst()
    {
        var clock = NewClock();
        var store = new InMemoryDirectLineStore(Options(o => o.MaxLogMegabytes = 1), clock);
        var text = new string('x', 20_000);
        foreach (var id in new[] { "idle", "busy" })
        {
            await store.CreateAsync(id, Ct);
        }

        // "idle" fills 120 KB and then goes quiet; "busy" writes 2 MB, twice the 1 MiB budget.
        for (var i = 0; i < 6; i++)
        {
            await store.AppendAsync("idle", [new Activity { Type = "message", Text = text }], Ct);
        }

        for (var i = 0; i < 99; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await store.AppendAsync("busy", [new Activity { Type = "message", Text = text }], Ct);
        }

        var budget = 1024 * 1024;
        Assert.InRange(store.Bytes, 1, budget);
        var idle = await store.ReadAsync("idle", 0, 100, Ct);
        var busy = await store.ReadAsync("busy", 0, 100, Ct);
        Assert.Empty(idle!.Activities);
        Assert.Equal(6, await store.LatestWatermarkAsync("idle", Ct));
        Assert.InRange(busy!.Activities.Count, 30, 60);
        Assert.Equal(99, busy.Activities[^1].Watermark);
        Assert.Equal(store.Bytes, busy.Activities.Sum(a => (long)a.Utf8Json.Length));
    }

    [Fact]
    public async Task Delete_Conversation_ReleasesItsBytes()
    {
        var store = new InMemoryDirectLineStore(Options(), NewClock());
        await store.CreateAsync("c1", Ct);
        await store.CreateAsync("c2", Ct);
        await store.AppendAsync("c1", [new Activity { Type = "message", Text = "salam" }], Ct);
        await store.AppendAsync("c2", [new Activity { Type = "message", Text = "bonjour" }], Ct);
        var c2Bytes = (await store.ReadAsync("c2", 0, 10, Ct))!.Activities.Sum(a => (long)a.Utf8Json.Length);

        Assert.True(await store.DeleteAsync("c1", Ct));

        Assert.Equal(c2Bytes, store.Bytes);
        Assert.Null(await store.AppendAsync("c1", [new Activity { Type = "message", Text = "again" }], Ct));
        Assert.False(await store.DeleteAsync("c1", Ct));
    }

    private static Activity Citizen(string text) =>
        new() { Type = ActivityTypes.Message, Text = text, From = new ChannelAccount { Id = "u1", Role = "user" } };

    private static Activity Bot(string text) =>
        new() { Type = ActivityTypes.Message, Text = text, From = new ChannelAccount { Id = "bot", Role = "bot" } };
}
