using System.Diagnostics.Metrics;
using MarocAssistant.Conversation.Observability;

namespace MarocAssistant.Conversation.AgentDesk;

/// <summary>
/// The desk's metrics (meter <c>MarocAssistant</c>): hand-offs per administration and whether an agent was there,
/// the wait before an agent took a conversation, and the queue's length per administration (as this host last saw it).
/// Administrations not configured count as <c>other</c>, so a caller cannot grow the number of series.
/// </summary>
public sealed class AgentDeskMetrics
{
    private static readonly IReadOnlyList<double> WaitBuckets = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 4 * 3600];

    private readonly Counter<long> _handoffs;
    private readonly Histogram<double> _wait;
    private Dictionary<string, int> _queued = new(StringComparer.Ordinal);

    private readonly AgentDeskOptions _options;

    public AgentDeskMetrics(IMeterFactory meters, Microsoft.Extensions.Options.IOptions<AgentDeskOptions> options)
    {
        _options = options.Value;
        var meter = meters.Create(TurnMetrics.MeterName);
        _handoffs = meter.CreateCounter<long>("maroc.desk.handoffs", "{handoff}", "Hand-offs to a person, by administration and whether an agent was available.");
        _wait = meter.CreateHistogram("maroc.desk.wait", "s", "Time a handed-off conversation waited before an agent took it, by administration.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = WaitBuckets });
        meter.CreateObservableGauge("maroc.desk.queue.length", Observe, "{conversation}", "Conversations waiting for an agent, by administration.");
    }

    public void HandedOff(string administration, bool agentAvailable) =>
        _handoffs.Add(1, new("administration", Tag(administration)), new("agent_available", agentAvailable));

    public void Taken(string administration, TimeSpan waited) =>
        _wait.Record(Math.Max(0, waited.TotalSeconds), new KeyValuePair<string, object?>("administration", Tag(administration)));

    /// <summary>Counts the waiting conversations again (after one joined or left the desk).</summary>
    public async Task QueueChangedAsync(IAgentDeskStore store, CancellationToken cancellationToken = default)
    {
        var entries = await store.ListAsync(cancellationToken);
        _queued = entries.Where(e => e.Agent is null).GroupBy(e => Tag(e.Administration)).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
    }

    private IEnumerable<Measurement<int>> Observe() =>
        _queued.Select(p => new Measurement<int>(p.Value, new KeyValuePair<string, object?>("administration", p.Key)));

    private string Tag(string administration) =>
        _options.Agents.Any(a => a.Serves(administration)) || _options.Administrations.ContainsKey(administration) ? administration : "other";
}
