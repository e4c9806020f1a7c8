using System.Collections.Concurrent;

namespace MarocAssistant.Conversation.State;

/// <summary>The state of one fixed rate-limit window after a hit: hits counted so far and the time left in the window.</summary>
public readonly record struct RateWindow(long Count, TimeSpan Remaining);

/// <summary>
/// Fixed-window hit counters behind the per-address and per-user rate limits. In memory by default; a shared
/// implementation (Redis) makes every host count the same hits, so that a client cannot multiply its allowance by the
/// number of hosts behind the load balancer.
/// </summary>
public interface IRateLimitCounters
{
    /// <summary>Counts one hit on <paramref name="key"/>; the first hit opens a window of <paramref name="window"/>.</summary>
    ValueTask<RateWindow> HitAsync(string key, TimeSpan window, CancellationToken cancellationToken = default);
}

/// <summary>Counters kept in this process; windows that ended are swept as new hits arrive.</summary>
public sealed class InMemoryRateLimitCounters : IRateLimitCounters
{
    private const int SweepEvery = 4096;

    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private int _sinceSweep;

    public InMemoryRateLimitCounters(TimeProvider time)
    {
        _time = time;
    }

    /// <summary>Windows currently kept (for tests and diagnostics).</summary>
    public int Count => _windows.Count;

    public ValueTask<RateWindow> HitAsync(string key, TimeSpan window, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Hit(key, window));

    /// <summary>The synchronous form of <see cref="HitAsync"/>.</summary>
    public RateWindow Hit(string key, TimeSpan window)
    {
        var now = _time.GetUtcNow().UtcTicks;
        if (Interlocked.Increment(ref _sinceSweep) >= SweepEvery)
        {
            Interlocked.Exchange(ref _sinceSweep, 0);
            foreach (var (k, w) in _windows)
            {
                if (w.EndsAt <= now)
                {
                    _windows.TryRemove(new KeyValuePair<string, Window>(k, w));
                }
            }
        }

        var entry = _windows.GetOrAdd(key, static (_, end) => new Window(end), now + window.Ticks);
        lock (entry)
        {
            if (entry.EndsAt <= now)
            {
                entry.EndsAt = now + window.Ticks;
                entry.Count = 0;
            }

            entry.Count++;
            return new RateWindow(entry.Count, TimeSpan.FromTicks(entry.EndsAt - now));
        }
    }

    private sealed class Window(long endsAt)
    {
        public long EndsAt { get; set; } = endsAt;

        public long Count { get; set; }
    }
}
