using System.Text.Json.Nodes;
using MarocAssistant.Activities;
using MarocAssistant.Conversation.State;

namespace MarocAssistant.State.Redis.Tests;

/// <summary>Redis killed mid-run: every store answers from local state, then writes back when Redis is started again.</summary>
public sealed class RedisOutageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Stores_RedisKilledThenRestarted_DegradeThenWriteBack()
    {
        await using var redis = await RedisFixture.StartAsync();
        var connection = redis.Connect();
        var other = redis.Connect();
        var state = RedisFixture.Conversations(connection);
        var directLine = RedisFixture.DirectLine(connection);
        var claims = new RedisIdempotencyStore(connection, TimeProvider.System);
        var counters = new RedisRateLimitCounters(connection, TimeProvider.System);
        await directLine.CreateAsync("c", Ct);
        await directLine.AppendAsync("c", [Message("before")], Ct);

        await redis.Server.KillAsync();

        // Local state: nothing throws, and the host keeps answering.
        await state.SetAsync("k", new ConversationState { FocusProcedureId = "cnie-first", TurnCount = 1 }, Ct);
        Assert.True(connection.IsDegraded);
        Assert.Equal("cnie-first", (await state.GetAsync("k", Ct))!.FocusProcedureId);
        Assert.True(await directLine.ExistsAsync("c", Ct));
        var during = await directLine.AppendAsync("c", [Message("during")], Ct);
        Assert.True(Assert.Single(during!).Watermark > 1, "an adopted conversation numbers above what its client holds");
        var page = await directLine.ReadAsync("c", 1, 10, Ct);
        Assert.Equal("during", (string?)JsonNode.Parse(Assert.Single(page!.Activities).Json)!["text"]);
        Assert.True(await directLine.CreateAsync("new-during-outage", Ct));
        Assert.True(await claims.TryClaimAsync("m1", TimeSpan.FromMinutes(5), Ct));
        Assert.False(await claims.TryClaimAsync("m1", TimeSpan.FromMinutes(5), Ct));
        Assert.Equal(1, (await counters.HitAsync("ip", TimeSpan.FromMinutes(1), Ct)).Count);

        await redis.Server.RestartAsync(Ct);
        await RedisFixture.WaitUntilReachableAsync(connection);
        await directLine.WriteBackAllAsync(new RedisRecovery(DataLost: false), Ct);
        await RedisFixture.WaitUntilReachableAsync(other);

        // Written back: another host now sees the state, the log kept during the outage and the claim.
        Assert.False(connection.IsDegraded);
        var otherState = RedisFixture.Conversations(other);
        var otherLog = RedisFixture.DirectLine(other);
        await WaitForAsync(async () => await otherState.GetAsync("k", Ct) is not null);
        Assert.Equal("cnie-first", (await otherState.GetAsync("k", Ct))!.FocusProcedureId);
        var written = await otherLog.ReadAsync("c", 1, 10, Ct);
        Assert.Equal(during![0].Watermark, Assert.Single(written!.Activities).Watermark);
        Assert.True(await otherLog.ExistsAsync("new-during-outage", Ct));
        await WaitForAsync(async () => !await new RedisIdempotencyStore(other, TimeProvider.System).TryClaimAsync("m1", TimeSpan.FromMinutes(5), Ct));
        var next = await otherLog.AppendAsync("c", [Message("after")], Ct);
        Assert.Equal(during[0].Watermark + 1, Assert.Single(next!).Watermark);
    }

    [Fact]
    public async Task State_RedisKilled_ServesLastCopyThenMergesByVersion()
    {
        await using var redis = await RedisFixture.StartAsync();
        var hostA = redis.Connect();
        var hostB = redis.Connect();
        var stateA = RedisFixture.Conversations(hostA);
        var stateB = RedisFixture.Conversations(hostB);
        await stateA.SetAsync("mine", new ConversationState { FocusProcedureId = "passport-renewal", TurnCount = 1 }, Ct);
        await stateA.SetAsync("theirs", new ConversationState { FocusProcedureId = "cnie-first", TurnCount = 1 }, Ct);

        await redis.Server.KillAsync();

        // During the outage host A goes on from its copies, not from scratch.
        Assert.Equal("passport-renewal", (await stateA.GetAsync("mine", Ct))!.FocusProcedureId);
        await stateA.SetAsync("mine", new ConversationState { FocusProcedureId = "passport-renewal", TurnCount = 2 }, Ct);
        await stateA.SetAsync("theirs", new ConversationState { FocusProcedureId = "cnie-first", TurnCount = 2 }, Ct);
        Assert.True(hostA.IsDegraded);

        await redis.Server.RestartAsync(Ct);
        await RedisFixture.WaitUntilReachableAsync(hostB);

        // Meanwhile host B took a newer turn of "theirs" (it restarted empty: B starts it again at a higher version).
        await stateB.SetAsync("theirs", new ConversationState { FocusProcedureId = "criminal-record", TurnCount = 5 }, Ct);
        await RedisFixture.WaitUntilReachableAsync(hostA);
        await stateA.WriteBackAsync(new RedisRecovery(DataLost: true), Ct);

        Assert.Equal(2, (await stateB.GetAsync("mine", Ct))!.TurnCount);
        Assert.Equal("criminal-record", (await stateB.GetAsync("theirs", Ct))!.FocusProcedureId);
        Assert.Equal("criminal-record", (await stateA.GetAsync("theirs", Ct))!.FocusProcedureId);
    }

    [Fact]
    public async Task DirectLine_RedisRestartedEmptyBetweenTwoCalls_ConversationGoesOnWithIncreasingIds()
    {
        await using var redis = await RedisFixture.StartAsync();
        var connection = redis.Connect();
        var directLine = RedisFixture.DirectLine(connection);
        await directLine.CreateAsync("c", Ct);
        await directLine.AppendAsync("c", [Message("one"), Message("two")], Ct);

        // Killed and started again empty without any call failing in between: the readiness ping finds a new epoch.
        await redis.Server.KillAsync();
        await redis.Server.RestartAsync(Ct);
        await RedisFixture.WaitUntilReachableAsync(connection);
        await WaitForAsync(async () => await directLine.LatestWatermarkAsync("c", Ct) is not null);

        Assert.Equal(2, await directLine.LatestWatermarkAsync("c", Ct));
        Assert.Equal(3, Assert.Single((await directLine.AppendAsync("c", [Message("three")], Ct))!).Watermark);
    }

    [Fact]
    public async Task State_ErasedOnOneHost_OtherHostDropsItsCopyAndNeverWritesItBack()
    {
        await using var redis = await RedisFixture.StartAsync();
        var hostA = redis.Connect();
        var hostB = redis.Connect();
        var stateA = RedisFixture.Conversations(hostA);
        var stateB = RedisFixture.Conversations(hostB);
        await stateB.GetAsync("warm-up", Ct);   // B subscribes to erasures
        await stateA.SetAsync("c", new ConversationState { FocusProcedureId = "passport-renewal", TurnCount = 3 }, Ct);
        Assert.NotNull(await stateB.GetAsync("c", Ct));

        Assert.True(await stateA.DeleteAsync("c", Ct));
        await WaitForAsync(() => Task.FromResult(stateB.LocalCount == 0));
        await stateB.WriteBackAsync(new RedisRecovery(DataLost: true), Ct);

        Assert.Null(await stateA.GetAsync("c", Ct));
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        limit.CancelAfter(TimeSpan.FromSeconds(10));
        while (!await condition())
        {
            await Task.Delay(50, limit.Token);
        }
    }

    private static Activity Message(string text) => new() { Type = ActivityTypes.Message, Text = text, From = new ChannelAccount { Id = "u1" } };
}
