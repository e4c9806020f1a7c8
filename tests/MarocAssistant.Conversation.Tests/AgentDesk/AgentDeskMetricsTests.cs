using System.Diagnostics.Metrics;
using MarocAssistant.Conversation.AgentDesk;
using MarocAssistant.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MarocAssistant.Conversation.Tests.AgentDesk;

public sealed class AgentDeskMetricsTests
{
    private const string QueueLength = "maroc.desk.queue.length";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task QueueLength_StoreWrittenByAnyone_CountsWaitingPerAdministrationFromTheStoreCachedFiveSeconds()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 12, 8, 9, 0, 0, TimeSpan.Zero));
        var store = new InMemoryAgentDeskStore(clock);
        var options = new AgentDeskOptions
        {
            QueueMinutes = 60,
            Agents = [new AgentAccount { User = "salma", Administrations = ["commune"] }],
            Administrations = new(StringComparer.OrdinalIgnoreCase) { ["prefecture"] = new DeskAdministration() },
        };
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        _ = new AgentDeskMetrics(meters, Options.Create(options), store, clock, NullLogger<AgentDeskMetrics>.Instance);
        var now = clock.GetUtcNow();
        await store.AddAsync(Entry("c1", "commune", now), Ct);
        await store.AddAsync(Entry("c2", "commune", now), Ct);
        await store.AddAsync(Entry("c3", "commune", now), Ct);
        await store.TakeAsync("c3", "salma", now, Ct);                                      // held: no longer waiting
        await store.AddAsync(Entry("c4", "not-configured", now), Ct);                       // counted as "other"
        await store.AddAsync(Entry("c5", "commune", now - TimeSpan.FromMinutes(61)), Ct);   // past QueueMinutes

        var first = GaugeReader.Read(meters, QueueLength, "administration");

        Assert.Equal(new Dictionary<string, long> { ["commune"] = 2, ["prefecture"] = 0, ["other"] = 1 }, first);

        // Another host queues one (the same store): within five seconds the cached counts are reported, then the new ones.
        await store.AddAsync(Entry("c6", "prefecture", now), Ct);
        clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(0, GaugeReader.Read(meters, QueueLength, "administration")["prefecture"]);
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, GaugeReader.Read(meters, QueueLength, "administration")["prefecture"]);
    }

    [Fact]
    public async Task QueueLength_StoreFails_KeepsTheLastCounts()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 12, 8, 9, 0, 0, TimeSpan.Zero));
        var store = new FlakyStore(new InMemoryAgentDeskStore(clock));
        var options = new AgentDeskOptions { Agents = [new AgentAccount { User = "salma", Administrations = ["commune"] }] };
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        var metrics = new AgentDeskMetrics(meters, Options.Create(options), store, clock, NullLogger<AgentDeskMetrics>.Instance);
        await store.AddAsync(Entry("c1", "commune", clock.GetUtcNow()), Ct);
        Assert.Equal(1, metrics.QueueLengths()["commune"]);

        store.Failing = true;
        clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(1, metrics.QueueLengths()["commune"]);
    }

    private static DeskEntry Entry(string id, string administration, DateTimeOffset at) =>
        new(id, "webchat", administration, "Transfert vers un agent", "fr", null, at, at);

    /// <summary>The in-memory store, whose listing throws when told to.</summary>
    private sealed class FlakyStore(InMemoryAgentDeskStore inner) : IAgentDeskStore
    {
        public bool Failing { get; set; }

        public Task<IReadOnlyList<DeskEntry>> ListAsync(CancellationToken cancellationToken = default) =>
            Failing ? throw new IOException("store unreachable") : inner.ListAsync(cancellationToken);

        public Task SetAdministrationAsync(string conversationId, string administration, TimeSpan lifetime, CancellationToken cancellationToken = default) =>
            inner.SetAdministrationAsync(conversationId, administration, lifetime, cancellationToken);

        public Task<string?> AdministrationAsync(string conversationId, CancellationToken cancellationToken = default) => inner.AdministrationAsync(conversationId, cancellationToken);

        public Task<bool> AddAsync(DeskEntry entry, CancellationToken cancellationToken = default) => inner.AddAsync(entry, cancellationToken);

        public Task<DeskEntry?> GetAsync(string conversationId, CancellationToken cancellationToken = default) => inner.GetAsync(conversationId, cancellationToken);

        public Task TouchAsync(string conversationId, DateTimeOffset lastCitizenAt, CancellationToken cancellationToken = default) =>
            inner.TouchAsync(conversationId, lastCitizenAt, cancellationToken);

        public Task<TakeResult> TakeAsync(string conversationId, string agent, DateTimeOffset now, CancellationToken cancellationToken = default) =>
            inner.TakeAsync(conversationId, agent, now, cancellationToken);

        public Task<bool> RemoveAsync(string conversationId, CancellationToken cancellationToken = default) => inner.RemoveAsync(conversationId, cancellationToken);

        public Task<bool> EraseAsync(string conversationId, CancellationToken cancellationToken = default) => inner.EraseAsync(conversationId, cancellationToken);

        public Task AppendMessageAsync(string conversationId, DeskMessage message, CancellationToken cancellationToken = default) =>
            inner.AppendMessageAsync(conversationId, message, cancellationToken);

        public Task<IReadOnlyList<DeskMessage>> MessagesAsync(string conversationId, CancellationToken cancellationToken = default) => inner.MessagesAsync(conversationId, cancellationToken);

        public Task SetPresenceAsync(string agent, DateTimeOffset? until, CancellationToken cancellationToken = default) => inner.SetPresenceAsync(agent, until, cancellationToken);

        public Task<bool> IsPresentAsync(string agent, CancellationToken cancellationToken = default) => inner.IsPresentAsync(agent, cancellationToken);
    }
}
