using MarocAssistant.Conversation.State;

namespace MarocAssistant.State.Redis.Tests;

public sealed class RedisStateTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SetAsync_OnOneHost_IsReadOnTheOther()
    {
        await using var redis = await RedisFixture.StartAsync();
        var hostA = RedisFixture.Conversations(redis.Connect());
        var hostB = RedisFixture.Conversations(redis.Connect());
        var state = new ConversationState { FocusProcedureId = "passport-first", ReplyLanguage = "ary-Latn", StepPosition = 2, PendingChoices = ["a", "b"], TurnCount = 4 };

        await hostA.SetAsync("whatsapp:212600000000", state, Ct);
        var read = await hostB.GetAsync("whatsapp:212600000000", Ct);

        Assert.Equal(state.FocusProcedureId, read!.FocusProcedureId);
        Assert.Equal(state.PendingChoices, read.PendingChoices);
        Assert.Equal(4, read.TurnCount);
        Assert.True(await hostB.DeleteAsync("whatsapp:212600000000", Ct));
        Assert.Null(await hostA.GetAsync("whatsapp:212600000000", Ct));
    }

    [Fact]
    public async Task StateKey_NeverContainsTheConversationId()
    {
        await using var redis = await RedisFixture.StartAsync();
        var store = RedisFixture.Conversations(redis.Connect());

        var key = store.StateKey("whatsapp:212600000000").ToString();

        Assert.DoesNotContain("212600000000", key, StringComparison.Ordinal);
        Assert.StartsWith("test:state:", key, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TryClaimAsync_SameKeyOnTwoHosts_OnlyFirstWins()
    {
        await using var redis = await RedisFixture.StartAsync();
        var hostA = new RedisIdempotencyStore(redis.Connect(), TimeProvider.System);
        var hostB = new RedisIdempotencyStore(redis.Connect(), TimeProvider.System);

        Assert.True(await hostA.TryClaimAsync("whatsapp:wamid.1", TimeSpan.FromMinutes(5), Ct));
        Assert.False(await hostB.TryClaimAsync("whatsapp:wamid.1", TimeSpan.FromMinutes(5), Ct));
        Assert.True(await hostB.TryClaimAsync("whatsapp:wamid.2", TimeSpan.FromMinutes(5), Ct));
    }

    [Fact]
    public async Task HitAsync_CountsAcrossHostsInOneWindow()
    {
        await using var redis = await RedisFixture.StartAsync();
        var hostA = new RedisRateLimitCounters(redis.Connect(), TimeProvider.System);
        var hostB = new RedisRateLimitCounters(redis.Connect(), TimeProvider.System);

        await hostA.HitAsync("ip:127.0.0.1", TimeSpan.FromMinutes(1), Ct);
        await hostB.HitAsync("ip:127.0.0.1", TimeSpan.FromMinutes(1), Ct);
        var third = await hostA.HitAsync("ip:127.0.0.1", TimeSpan.FromMinutes(1), Ct);

        Assert.Equal(3, third.Count);
        Assert.InRange(third.Remaining, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task PingAsync_HostNamedLocalhost_Answers()
    {
        // "localhost" may resolve to ::1 first while the server listens on 127.0.0.1 only: the client must still connect.
        await using var redis = await RedisFixture.StartAsync();
        var connection = redis.Connect(connectionString: "localhost:" + redis.Server.Port);

        Assert.True(await connection.PingAsync(Ct));
        Assert.False(connection.IsDegraded);
    }
}
