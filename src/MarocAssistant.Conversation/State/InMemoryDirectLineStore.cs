using System.Collections.Concurrent;
using System.Globalization;
using MarocAssistant.Activities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MarocAssistant.Conversation.State;

/// <summary>
/// Conversation logs kept in this process: bounded per conversation (oldest activities dropped), in number of
/// conversations (<see cref="DirectLineStoreOptions.MaxConversations"/>: the idlest are evicted to make room, those where
/// the citizen never wrote first) and in bytes overall (<see cref="DirectLineStoreOptions.MaxLogMegabytes"/>). A
/// conversation is forgotten after <see cref="DirectLineStoreOptions.UnusedConversationMinutes"/> when the citizen never
/// wrote in it, after <see cref="DirectLineStoreOptions.ConversationIdleMinutes"/> without activity otherwise: a start
/// costs little and not for long, so a flood of starts cannot keep citizens out.
/// </summary>
public sealed partial class InMemoryDirectLineStore : IDirectLineStore
{
    private static readonly TimeSpan SweepEvery = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Log> _logs = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly DirectLineStoreOptions _options;
    private readonly ILogger<InMemoryDirectLineStore> _logger;
    private readonly TimeSpan _idle;
    private readonly TimeSpan _unused;
    private readonly long _maxBytes;

    // Starts are serialised so that the count never exceeds MaxConversations; a start is cheap.
    private readonly Lock _createGate = new();
    private long _bytes;
    private int _trimming;
    private long _lastSweepTicks;
    private long _evicted;

    public InMemoryDirectLineStore(IOptions<DirectLineStoreOptions> options, TimeProvider time, ILogger<InMemoryDirectLineStore>? logger = null)
    {
        _options = options.Value;
        _time = time;
        _logger = logger ?? NullLogger<InMemoryDirectLineStore>.Instance;
        _idle = TimeSpan.FromMinutes(_options.ConversationIdleMinutes);
        _unused = TimeSpan.FromMinutes(Math.Min(_options.UnusedConversationMinutes, _options.ConversationIdleMinutes));
        _maxBytes = _options.MaxLogMegabytes * 1024L * 1024L;
        _lastSweepTicks = time.GetUtcNow().UtcTicks;
    }

    public Task<bool> CreateAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        SweepIfDue();
        lock (_createGate)
        {
            if (Find(conversationId) is not null)
            {
                return Task.FromResult(false);
            }

            if (_logs.Count >= _options.MaxConversations)
            {
                EvictIdlest();
            }

            return Task.FromResult(_logs.TryAdd(conversationId, new Log(_time.GetUtcNow())));
        }
    }

    /// <summary>Bytes of activity JSON held now, over all conversations.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Conversations held now (at most <see cref="DirectLineStoreOptions.MaxConversations"/>).</summary>
    public int Count => _logs.Count;

    /// <summary>Conversations evicted to make room since the start.</summary>
    public long Evicted => Interlocked.Read(ref _evicted);

    public Task<bool> DeleteAsync(string conversationId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_logs.TryGetValue(conversationId, out var log) && Forget(conversationId, log));

    public Task<bool> ExistsAsync(string conversationId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Find(conversationId) is not null);

    public Task<long?> LatestWatermarkAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        if (Find(conversationId) is not { } log)
        {
            return Task.FromResult<long?>(null);
        }

        lock (log)
        {
            return Task.FromResult<long?>(log.Next - 1);
        }
    }

    public Task<IReadOnlyList<StoredActivity>?> AppendAsync(
        string conversationId, IReadOnlyList<Activity> activities, CancellationToken cancellationToken = default)
    {
        if (Find(conversationId) is not { } log)
        {
            return Task.FromResult<IReadOnlyList<StoredActivity>?>(null);
        }

        var stored = new List<StoredActivity>(activities.Count);
        TaskCompletionSource signal;
        long added = 0;
        lock (log)
        {
            if (log.Forgotten)
            {
                return Task.FromResult<IReadOnlyList<StoredActivity>?>(null);
            }

            foreach (var activity in activities)
            {
                log.Used |= DirectLineActivity.IsCitizenMessage(activity);
                var watermark = log.Next++;
                activity.Id = ActivityId(conversationId, watermark);
                var entry = StoredActivity.Of(watermark, activity);
                log.Entries.Enqueue(entry);
                added += entry.Utf8Json.Length;
                stored.Add(entry);
            }

            while (log.Entries.Count > _options.MaxActivitiesPerConversation)
            {
                added -= log.Entries.Dequeue().Utf8Json.Length;
            }

            log.Bytes += added;
            log.LastActivity = _time.GetUtcNow();
            signal = log.Signal;
            log.Signal = NewSignal();
        }

        signal.TrySetResult();
        if (Interlocked.Add(ref _bytes, added) > _maxBytes)
        {
            TrimToBudget();
        }

        return Task.FromResult<IReadOnlyList<StoredActivity>?>(stored);
    }

    public Task<ActivityPage?> ReadAsync(string conversationId, long afterWatermark, int max, CancellationToken cancellationToken = default)
    {
        if (Find(conversationId) is not { } log)
        {
            return Task.FromResult<ActivityPage?>(null);
        }

        lock (log)
        {
            var page = log.Entries.Where(e => e.Watermark > afterWatermark).Take(max).ToList();
            return Task.FromResult<ActivityPage?>(new ActivityPage(page, page.Count > 0 ? page[^1].Watermark : afterWatermark));
        }
    }

    public async Task WaitForActivityAsync(string conversationId, long afterWatermark, CancellationToken cancellationToken = default)
    {
        if (Find(conversationId) is not { } log)
        {
            return;
        }

        Task wait;
        lock (log)
        {
            if (log.Next - 1 > afterWatermark)
            {
                return;
            }

            wait = log.Signal.Task;
        }

        await wait.WaitAsync(cancellationToken);
    }

    /// <summary>The protocol's activity id: the conversation id, a bar, and the watermark on seven digits.</summary>
    public static string ActivityId(string conversationId, long watermark) =>
        conversationId + "|" + watermark.ToString("0000000", CultureInfo.InvariantCulture);

    private Log? Find(string conversationId)
    {
        if (!_logs.TryGetValue(conversationId, out var log))
        {
            return null;
        }

        if (!Expired(log, _time.GetUtcNow()))
        {
            return log;
        }

        Forget(conversationId, log);
        return null;
    }

    private bool Expired(Log log, DateTimeOffset now)
    {
        lock (log)
        {
            return now - log.LastActivity > (log.Used ? _idle : _unused);
        }
    }

    /// <summary>
    /// Full: forgets the idlest conversations, those where the citizen never wrote first, a small batch at once so that
    /// a flood of starts pays one scan per batch and not one per start. Their ids then answer 404, as unknown ones do.
    /// </summary>
    private void EvictIdlest()
    {
        var batch = Math.Max(1, _options.MaxConversations / 64);
        var victims = _logs
            .Select(pair =>
            {
                lock (pair.Value)
                {
                    return (pair.Key, pair.Value, pair.Value.Used, pair.Value.LastActivity);
                }
            })
            .OrderBy(entry => entry.Used)
            .ThenBy(entry => entry.LastActivity)
            .Take(batch)
            .ToList();
        var evicted = 0;
        var used = 0;
        foreach (var (id, log, wasUsed, _) in victims)
        {
            if (Forget(id, log))
            {
                evicted++;
                used += wasUsed ? 1 : 0;
            }
        }

        Interlocked.Add(ref _evicted, evicted);
        LogEvicted(evicted, used, _options.MaxConversations);
    }

    private void SweepIfDue()
    {
        var now = _time.GetUtcNow();
        var last = Interlocked.Read(ref _lastSweepTicks);
        if (now.UtcTicks - last < SweepEvery.Ticks || Interlocked.CompareExchange(ref _lastSweepTicks, now.UtcTicks, last) != last)
        {
            return;
        }

        foreach (var (id, log) in _logs)
        {
            if (Expired(log, now))
            {
                Forget(id, log);
            }
        }
    }

    private bool Forget(string conversationId, Log log)
    {
        if (!_logs.TryRemove(new KeyValuePair<string, Log>(conversationId, log)))
        {
            return false;
        }

        lock (log)
        {
            // Marked, so that an append racing with the removal does not add to a log nobody can read.
            log.Forgotten = true;
            Interlocked.Add(ref _bytes, -log.Bytes);
            log.Bytes = 0;
            log.Entries.Clear();

            // Wake any stream waiting on it, so that it sees the conversation is gone and closes.
            log.Signal.TrySetResult();
        }

        return true;
    }

    /// <summary>
    /// Over the byte budget: drops the oldest activities of the conversations idle the longest until a quarter of the
    /// budget is free again (so that this runs rarely). One caller trims at a time; the others go on.
    /// </summary>
    private void TrimToBudget()
    {
        if (Interlocked.Exchange(ref _trimming, 1) == 1)
        {
            return;
        }

        try
        {
            var target = _maxBytes * 3 / 4;
            var idleFirst = _logs.Values
                .Select(log =>
                {
                    lock (log)
                    {
                        return (Log: log, log.LastActivity);
                    }
                })
                .OrderBy(entry => entry.LastActivity)
                .Select(entry => entry.Log);
            foreach (var log in idleFirst)
            {
                if (Interlocked.Read(ref _bytes) <= target)
                {
                    break;
                }

                lock (log)
                {
                    while (log.Entries.Count > 0 && Interlocked.Read(ref _bytes) > target)
                    {
                        var length = log.Entries.Dequeue().Utf8Json.Length;
                        log.Bytes -= length;
                        Interlocked.Add(ref _bytes, -length);
                    }
                }
            }
        }
        finally
        {
            Volatile.Write(ref _trimming, 0);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(EventId = 47, Level = LogLevel.Warning, Message = "Direct Line store full ({Max} conversations): evicted the {Count} idlest, {Used} of them with a citizen message")]
    private partial void LogEvicted(int count, int used, int max);

    private sealed class Log(DateTimeOffset created)
    {
        public Queue<StoredActivity> Entries { get; } = new();

        /// <summary>Bytes of JSON in <see cref="Entries"/>.</summary>
        public long Bytes { get; set; }

        /// <summary>Removed from the store: nothing more is appended.</summary>
        public bool Forgotten { get; set; }

        /// <summary>The citizen wrote at least once: the conversation is kept for the whole idle time.</summary>
        public bool Used { get; set; }

        public long Next { get; set; } = 1;

        public DateTimeOffset LastActivity { get; set; } = created;

        public TaskCompletionSource Signal { get; set; } = NewSignal();
    }
}
