using System.Diagnostics.Metrics;
using MarocAssistant.Conversation.AgentDesk;
using MarocAssistant.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MarocAssistant.State.Redis.Tests;

public sealed class RedisAgentDeskStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Desk_QueuedOnOneHost_IsTakenOnceAndReadOnTheOther()
    {
        await using var redis = await RedisFixture.StartAsync();
        var hostA = Store(redis.Connect());
        var hostB = Store(redis.Connect());
        var now = DateTimeOffset.UtcNow;
        var entry = new DeskEntry("212600000042", "whatsapp", "commune", "Transfert vers un agent", "ary-Latn", "passport-first", now, now);

        Assert.True(await hostA.AddAsync(entry, Ct));
        Assert.False(await hostB.AddAsync(entry with { Summary = "again" }, Ct));
        await hostA.SetAdministrationAsync("conv-1", "commune", TimeSpan.FromMinutes(5), Ct);
        await hostA.AppendMessageAsync("212600000042", new DeskMessage(now, DeskMessage.Citizen, "salam"), Ct);
        await hostA.SetPresenceAsync("salma", now + TimeSpan.FromMinutes(2), Ct);

        Assert.Equal("commune", await hostB.AdministrationAsync("conv-1", Ct));
        Assert.Equal("Transfert vers un agent", Assert.Single(await hostB.ListAsync(Ct)).Summary);
        Assert.Equal("salam", Assert.Single(await hostB.MessagesAsync("212600000042", Ct)).Text);
        Assert.True(await hostB.IsPresentAsync("salma", Ct));
        Assert.False(await hostB.IsPresentAsync("youssef", Ct));

        Assert.Equal(TakeResult.Taken, await hostB.TakeAsync("212600000042", "salma", now, Ct));
        Assert.Equal(TakeResult.TakenByAnother, await hostA.TakeAsync("212600000042", "youssef", now, Ct));
        Assert.Equal(TakeResult.Taken, await hostA.TakeAsync("212600000042", "salma", now, Ct));
        await hostA.TouchAsync("212600000042", now + TimeSpan.FromMinutes(1), Ct);
        var held = await hostB.GetAsync("212600000042", Ct);
        Assert.Equal("salma", held!.Agent);
        Assert.Equal(now + TimeSpan.FromMinutes(1), held.LastCitizenAt);

        Assert.True(await hostB.RemoveAsync("212600000042", Ct));
        Assert.Null(await hostA.GetAsync("212600000042", Ct));
        Assert.Empty(await hostA.MessagesAsync("212600000042", Ct));
        Assert.Equal(TakeResult.NotQueued, await hostA.TakeAsync("212600000042", "salma", now, Ct));
        await hostA.SetPresenceAsync("salma", null, Ct);
        Assert.False(await hostB.IsPresentAsync("salma", Ct));
    }

    [Fact]
    public async Task Take_ManyAgentsAtOnce_OnlyOneHoldsIt()
    {
        await using var redis = await RedisFixture.StartAsync();
        var stores = Enumerable.Range(0, 4).Select(_ => Store(redis.Connect())).ToList();
        var now = DateTimeOffset.UtcNow;
        await stores[0].AddAsync(new DeskEntry("conv-race", "directline", "default", "s", "fr", null, now, now), Ct);

        var results = await Task.WhenAll(stores.Select((s, i) => s.TakeAsync("conv-race", "agent" + i, now, Ct)));

        Assert.Equal(1, results.Count(r => r == TakeResult.Taken));
        Assert.Equal(3, results.Count(r => r == TakeResult.TakenByAnother));
    }

    [Fact]
    public async Task Erase_HeldConversationOnOneHost_GoneOnTheOtherAndOthersKept()
    {
        await using var redis = await RedisFixture.StartAsync();
        var hostA = Store(redis.Connect());
        var hostB = Store(redis.Connect());
        var now = DateTimeOffset.UtcNow;
        foreach (var id in new[] { "conv-erased", "conv-kept" })
        {
            await hostA.SetAdministrationAsync(id, "commune", TimeSpan.FromMinutes(5), Ct);
            await hostA.AddAsync(new DeskEntry(id, "webchat", "commune", "Transfert vers un agent", "fr", null, now, now), Ct);
            await hostA.AppendMessageAsync(id, new DeskMessage(now, DeskMessage.Citizen, "bonjour"), Ct);
        }

        await hostA.TakeAsync("conv-erased", "salma", now, Ct);

        Assert.True(await hostB.EraseAsync("conv-erased", Ct));

        Assert.Null(await hostA.GetAsync("conv-erased", Ct));
        Assert.Empty(await hostA.MessagesAsync("conv-erased", Ct));
        Assert.Null(await hostA.AdministrationAsync("conv-erased", Ct));
        Assert.Equal("conv-kept", Assert.Single(await hostA.ListAsync(Ct)).ConversationId);
        Assert.Single(await hostA.MessagesAsync("conv-kept", Ct));
        Assert.Equal("commune", await hostA.AdministrationAsync("conv-kept", Ct));
        Assert.False(await hostA.EraseAsync("conv-erased", Ct));
    }

    [Fact]
    public async Task Erase_RedisDown_ThrowsSoTheErasureIsReportedIncomplete()
    {
        await using var redis = await RedisFixture.StartAsync();
        var store = Store(redis.Connect());
        var now = DateTimeOffset.UtcNow;
        await store.AddAsync(new DeskEntry("conv-1", "webchat", "commune", "s", "fr", null, now, now), Ct);
        await redis.Server.KillAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.EraseAsync("conv-1", Ct));
    }

    [Fact]
    public async Task QueueLength_QueuedOnOneHost_ReportedByTheOther()
    {
        await using var redis = await RedisFixture.StartAsync();
        var hostA = Store(redis.Connect());
        var hostB = Store(redis.Connect());
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        var options = new AgentDeskOptions { Agents = [new AgentAccount { User = "salma", Administrations = ["commune", "prefecture"] }] };
        _ = new AgentDeskMetrics(meters, Options.Create(options), hostB, TimeProvider.System, NullLogger<AgentDeskMetrics>.Instance);
        var now = DateTimeOffset.UtcNow;
        await hostA.AddAsync(new DeskEntry("conv-1", "webchat", "commune", "s", "fr", null, now, now), Ct);
        await hostA.AddAsync(new DeskEntry("conv-2", "whatsapp", "commune", "s", "ary-Latn", null, now, now), Ct);

        var lengths = GaugeReader.Read(meters, "maroc.desk.queue.length", "administration");

        Assert.Equal(new Dictionary<string, long> { ["commune"] = 2, ["prefecture"] = 0 }, lengths);
    }

    private static RedisAgentDeskStore Store(RedisConnection connection) =>
        new(connection, Options.Create(new AgentDeskOptions()), TimeProvider.System);
}
