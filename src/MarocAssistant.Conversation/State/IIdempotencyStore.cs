using System.Collections.Concurrent;

namespace MarocAssistant.Conversation.State;

/// <summary>
/// Remembers keys (such as an incoming message id) for a while, so that work is done once even when a channel
/// delivers the same message again. In memory by default; a shared implementation (Redis) covers several hosts.
/// </summary>
public interface IIdempotencyStore
{
    /// <summary>True the first time <paramref name="key"/> is claimed within <paramref name="window"/>; false for a repeat.</summary>
    Task<bool> TryClaimAsync(string key, TimeSpan window, CancellationToken cancellationToken = default);
}

/// <summary>Claims kept in this process; expired ones are swept as new ones arrive.</summary>
public sealed class InMemoryIdempotencyStore : IIdempotencyStore
{
    private const int SweepEvery = 1024;

    private readonly ConcurrentDictionary<string, DateTimeOffset> _claims = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private int _sinceSweep;

    public InMemoryIdempotencyStore(TimeProvider time)
    {
        _time = time;
    }

    public Task<bool> TryClaimAsync(string key, TimeSpan window, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        if (Interlocked.Increment(ref _sinceSweep) >= SweepEvery)
        {
            Interlocked.Exchange(ref _sinceSweep, 0);
            foreach (var (claimed, expires) in _claims)
            {
                if (expires <= now)
                {
                    _claims.TryRemove(new KeyValuePair<string, DateTimeOffset>(claimed, expires));
                }
            }
        }

        var until = now + window;
        while (true)
        {
            if (_claims.TryAdd(key, until))
            {
                return Task.FromResult(true);
            }

            if (!_claims.TryGetValue(key, out var expires))
            {
                continue;
            }

            if (expires > now)
            {
                return Task.FromResult(false);
            }

            // An expired claim may be taken again, by exactly one caller.
            if (_claims.TryUpdate(key, until, expires))
            {
                return Task.FromResult(true);
            }
        }
    }
}
