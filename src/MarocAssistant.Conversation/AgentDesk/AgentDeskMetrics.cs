using System.Diagnostics.Metrics;
using MarocAssistant.Conversation.Observability;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MarocAssistant.Conversation.AgentDesk;

/// <summary>
/// The desk's metrics (meter <c>MarocAssistant</c>): hand-offs per administration and whether an agent was there,
/// the wait before an agent took a conversation, and the queue's length per administration. The queue's length is
/// read from the desk's store, so with Redis every host reports the same, whole queue (not what it queued itself);
/// the counts are kept for <see cref="QueueCacheLifetime"/> so that scraping <c>/metrics</c> does not read the store
/// each time. Administrations not configured count as <c>other</c>, so a caller cannot grow the number of series.
/// </summary>
public sealed partial class AgentDeskMetrics
{
    /// <summary>How long the queue's counts are reused before the store is read again.</summary>
    public static readonly TimeSpan QueueCacheLifetime = TimeSpan.FromSeconds(5);

    // The gauge's callback is synchronous: it waits this long for the store (Redis has its own, shorter timeout and
    // then answers from this host's copy), then reports the counts it had.
    private static readonly TimeSpan QueueReadWait = TimeSpan.FromSeconds(2);

    private static readonly IReadOnlyList<double> WaitBuckets = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 4 * 3600];

    private readonly Counter<long> _handoffs;
    private readonly Histogram<double> _wait;
    private readonly AgentDeskOptions _options;
    private readonly IAgentDeskStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<AgentDeskMetrics> _logger;
    private readonly Lock _gate = new();
    private IReadOnlyDictionary<string, int> _queued = new Dictionary<string, int>();
    private DateTimeOffset _readAt = DateTimeOffset.MinValue;
    private Task? _reading;

    public AgentDeskMetrics(IMeterFactory meters, IOptions<AgentDeskOptions> options, IAgentDeskStore store, TimeProvider time, ILogger<AgentDeskMetrics> logger)
    {
        _options = options.Value;
        _store = store;
        _time = time;
        _logger = logger;
        var meter = meters.Create(TurnMetrics.MeterName);
        _handoffs = meter.CreateCounter<long>("maroc.desk.handoffs", "{handoff}", "Hand-offs to a person, by administration and whether an agent was available.");
        _wait = meter.CreateHistogram("maroc.desk.wait", "s", "Time a handed-off conversation waited before an agent took it, by administration.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = WaitBuckets });
        meter.CreateObservableGauge("maroc.desk.queue.length", Observe, "{conversation}", "Conversations waiting for an agent, by administration, on every host.");
    }

    public void HandedOff(string administration, bool agentAvailable) =>
        _handoffs.Add(1, new("administration", Tag(administration)), new("agent_available", agentAvailable));

    public void Taken(string administration, TimeSpan waited) =>
        _wait.Record(Math.Max(0, waited.TotalSeconds), new KeyValuePair<string, object?>("administration", Tag(administration)));

    /// <summary>Waiting conversations per administration, as the store had them at most <see cref="QueueCacheLifetime"/> ago.</summary>
    public IReadOnlyDictionary<string, int> QueueLengths()
    {
        Task reading;
        lock (_gate)
        {
            if (_time.GetUtcNow() - _readAt < QueueCacheLifetime)
            {
                return _queued;
            }

            // One read at a time, whoever scrapes.
            if (_reading is null || _reading.IsCompleted)
            {
                _reading = Task.Run(ReadQueueAsync);
            }

            reading = _reading;
        }

        reading.Wait(QueueReadWait);
        lock (_gate)
        {
            return _queued;
        }
    }

    private IEnumerable<Measurement<int>> Observe() =>
        QueueLengths().Select(p => new Measurement<int>(p.Value, new KeyValuePair<string, object?>("administration", p.Key)));

    private async Task ReadQueueAsync()
    {
        var now = _time.GetUtcNow();
        try
        {
            var entries = await _store.ListAsync(CancellationToken.None);

            // Every configured administration is reported, at 0 when nobody waits, so that its series drops to 0
            // instead of vanishing; entries past QueueMinutes no longer wait (the queue drops them when read).
            var counts = _options.Agents.SelectMany(a => a.Administrations).Concat(_options.Administrations.Keys)
                .Distinct(StringComparer.OrdinalIgnoreCase).ToDictionary(a => a, _ => 0, StringComparer.OrdinalIgnoreCase);
            var lifetime = TimeSpan.FromMinutes(_options.QueueMinutes);
            foreach (var entry in entries.Where(e => e.Agent is null && now - e.QueuedAt <= lifetime))
            {
                var tag = Tag(entry.Administration);
                counts[tag] = counts.GetValueOrDefault(tag) + 1;
            }

            lock (_gate)
            {
                _queued = counts;
                _readAt = now;
            }
        }
        catch (Exception ex)
        {
            // The last counts stay; the next scrape after the cache's lifetime tries again.
            lock (_gate)
            {
                _readAt = now;
            }

            LogQueueUnread(ex);
        }
    }

    private string Tag(string administration) =>
        _options.Agents.Any(a => a.Serves(administration)) || _options.Administrations.ContainsKey(administration) ? administration : "other";

    [LoggerMessage(EventId = 195, Level = LogLevel.Warning, Message = "The desk's queue could not be read for its length metric")]
    private partial void LogQueueUnread(Exception exception);
}
