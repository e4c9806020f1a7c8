using System.Text.Json.Nodes;
using MarocAssistant.Activities;

namespace MarocAssistant.State.Redis.Tests;

public sealed class RedisDirectLineStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AppendAsync_OnOneHost_IsReadOnTheOtherWithWatermarksAndIds()
    {
        await using var redis = await RedisFixture.StartAsync();
        var hostA = RedisFixture.DirectLine(redis.Connect());
        var hostB = RedisFixture.DirectLine(redis.Connect());

        Assert.True(await hostA.CreateAsync("conv1", Ct));
        Assert.False(await hostB.CreateAsync("conv1", Ct));
        var stored = await hostA.AppendAsync("conv1", [Message("salam"), Message("bghit passport")], Ct);
        var more = await hostB.AppendAsync("conv1", [Message("chokran")], Ct);

        Assert.Equal([1L, 2L], stored!.Select(s => s.Watermark));
        Assert.Equal(3, Assert.Single(more!).Watermark);
        var page = await hostB.ReadAsync("conv1", 0, 10, Ct);
        Assert.Equal([1L, 2L, 3L], page!.Activities.Select(a => a.Watermark));
        Assert.Equal(3, page.Watermark);
        var second = JsonNode.Parse(page.Activities[1].Json)!;
        Assert.Equal("conv1|0000002", (string?)second["id"]);
        Assert.Equal("bghit passport", (string?)second["text"]);
        Assert.Equal("message", page.Activities[1].Type);
        Assert.Equal(3, await hostA.LatestWatermarkAsync("conv1", Ct));
        var after = await hostA.ReadAsync("conv1", 2, 10, Ct);
        Assert.Equal("chokran", (string?)JsonNode.Parse(Assert.Single(after!.Activities).Json)!["text"]);
    }

    [Fact]
    public async Task AppendAsync_UnknownConversation_ReturnsNullAndWritesNothing()
    {
        await using var redis = await RedisFixture.StartAsync();
        var store = RedisFixture.DirectLine(redis.Connect());

        Assert.Null(await store.AppendAsync("missing", [Message("x")], Ct));
        Assert.Null(await store.ReadAsync("missing", 0, 10, Ct));
        Assert.Null(await store.LatestWatermarkAsync("missing", Ct));
        Assert.False(await store.ExistsAsync("missing", Ct));
    }

    [Fact]
    public async Task AppendAsync_BeyondTheLimit_DropsOldestAndKeepsCounting()
    {
        await using var redis = await RedisFixture.StartAsync();
        var store = RedisFixture.DirectLine(redis.Connect(), maxActivities: 10);
        await store.CreateAsync("c", Ct);

        for (var i = 0; i < 15; i++)
        {
            await store.AppendAsync("c", [Message("m" + i)], Ct);
        }

        var page = await store.ReadAsync("c", 0, 100, Ct);
        Assert.Equal(Enumerable.Range(6, 10).Select(i => (long)i), page!.Activities.Select(a => a.Watermark));
    }

    [Fact]
    public async Task AppendAsync_TextContainingIdLikeText_IsStoredVerbatim()
    {
        await using var redis = await RedisFixture.StartAsync();
        var store = RedisFixture.DirectLine(redis.Connect());
        await store.CreateAsync("c", Ct);
        const string text = "%07d %1 WM0000 c|0000001 \"quoted\" \\ 🇲🇦 ⵜⴰⵎⴰⵣⵉⵖⵜ";

        await store.AppendAsync("c", [Message(text)], Ct);

        var json = JsonNode.Parse(Assert.Single((await store.ReadAsync("c", 0, 10, Ct))!.Activities).Json)!;
        Assert.Equal(text, (string?)json["text"]);
    }

    [Fact]
    public async Task WaitForActivityAsync_AppendOnOtherHost_Wakes()
    {
        await using var redis = await RedisFixture.StartAsync();
        var hostA = RedisFixture.DirectLine(redis.Connect());
        var hostB = RedisFixture.DirectLine(redis.Connect());
        await hostA.CreateAsync("c", Ct);
        await hostA.AppendAsync("c", [Message("first")], Ct);

        var waiting = hostB.WaitForActivityAsync("c", 1, Ct);
        await Task.Delay(100, Ct);
        Assert.False(waiting.IsCompleted);
        await hostA.AppendAsync("c", [Message("second")], Ct);

        await waiting.WaitAsync(TimeSpan.FromSeconds(10), Ct);
    }

    [Fact]
    public async Task CreateAsync_CitizenNeverWrote_LivesOnlyUnusedMinutesUntilTheyDo()
    {
        await using var redis = await RedisFixture.StartAsync();
        var connection = redis.Connect();
        var store = RedisFixture.DirectLine(connection);
        var database = await connection.DatabaseAsync(Ct);
        await store.CreateAsync("c", Ct);
        await store.AppendAsync("c", [new Activity { Type = ActivityTypes.Message, Text = "welcome", From = new ChannelAccount { Id = "bot", Role = "bot" } }], Ct);

        // Default settings: 5 minutes while only the bot spoke, the whole idle time (120) once the citizen wrote.
        var unused = await database.KeyTimeToLiveAsync("test:dl:c:n");
        var unusedLog = await database.KeyTimeToLiveAsync("test:dl:c:log");
        await store.AppendAsync("c", [Message("bghit passport")], Ct);
        var used = await database.KeyTimeToLiveAsync("test:dl:c:n");

        Assert.InRange(unused!.Value, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5));
        Assert.InRange(unusedLog!.Value, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5));
        Assert.InRange(used!.Value, TimeSpan.FromMinutes(119), TimeSpan.FromMinutes(120));
    }

    private static Activity Message(string text) => new() { Type = ActivityTypes.Message, Text = text, From = new ChannelAccount { Id = "u1" } };
}
