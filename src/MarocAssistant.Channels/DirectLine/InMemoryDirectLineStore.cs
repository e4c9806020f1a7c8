using System.Collections.Concurrent;
using System.Globalization;
using MarocAssistant.Channels.BotFramework;
using MarocAssistant.Conversation.Activities;
using Microsoft.Extensions.Options;

namespace MarocAssistant.Channels.DirectLine;

/// <summary>
/// Conversation logs kept in this process: bounded per conversation (oldest activities dropped), in number of
/// conversations and in bytes overall (<see cref="DirectLineOptions.MaxLogMegabytes"/>), and forgotten after
/// <see cref="DirectLineOptions.ConversationIdleMinutes"/> without activity.
/// </summary>
public sealed class InMemoryDirectLineStore : IDirectLineStore
{
    private static readonly TimeSpan SweepEvery = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Log> _logs = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly DirectLineOptions _options;
    private readonly TimeSpan _idle;
    private readonly long _maxBytes;
    private long _bytes;
    private int _trimming;
    private long _lastSweepTicks;

    public InMemoryDirectLineStore(IOptions<DirectLineOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
        _idle = TimeSpan.FromMinutes(_options.ConversationIdleMinutes);
        _maxBytes = _options.MaxLogMegabytes * 1024L * 1024L;
        _lastSweepTicks = time.GetUtcNow().UtcTicks;
    }

    public Task<bool> CreateAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        SweepIfDue();
        if (Find(conversationId) is not null)
        {
            return Task.FromResult(false);
        }

        if (_logs.Count >= _options.MaxConversations)
        {
            throw new DirectLineFullException();
        }

        var log = new Log(_time.GetUtcNow());
        return Task.FromResult(_logs.TryAdd(conversationId, log));
    }

    /// <summary>Bytes of activity JSON held now, over all conversations.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

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

        lock (log)
        {
            if (_time.GetUtcNow() - log.LastActivity <= _idle)
            {
                return log;
            }
        }

        Forget(conversationId, log);
        return null;
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
            bool expired;
            lock (log)
            {
                expired = now - log.LastActivity > _idle;
            }

            if (expired)
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

    private sealed class Log(DateTimeOffset created)
    {
        public Queue<StoredActivity> Entries { get; } = new();

        /// <summary>Bytes of JSON in <see cref="Entries"/>.</summary>
        public long Bytes { get; set; }

        /// <summary>Removed from the store: nothing more is appended.</summary>
        public bool Forgotten { get; set; }

        public long Next { get; set; } = 1;

        public DateTimeOffset LastActivity { get; set; } = created;

        public TaskCompletionSource Signal { get; set; } = NewSignal();
    }
}
