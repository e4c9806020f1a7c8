using System.Collections.Concurrent;
using MarocAssistant.Conversation.State;
using StackExchange.Redis;

namespace MarocAssistant.State.Redis;

/// <summary>
/// Duplicate keys (such as WhatsApp message ids) claimed with <c>SET key 1 NX PX window</c>, so that a webhook retried
/// to another host is still answered once. Key names carry a hash of the key. While Redis is unreachable claims are
/// kept locally (a retry to another host in that time may be answered twice) and written back when it returns.
/// </summary>
public sealed class RedisIdempotencyStore : IIdempotencyStore
{
    private readonly RedisConnection _redis;
    private readonly InMemoryIdempotencyStore _local;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _pending = new(StringComparer.Ordinal);

    public RedisIdempotencyStore(RedisConnection redis, TimeProvider time)
    {
        _redis = redis;
        _time = time;
        _local = new InMemoryIdempotencyStore(time);
        redis.OnRecovered(WriteBackAsync);
    }

    public async Task<bool> TryClaimAsync(string key, TimeSpan window, CancellationToken cancellationToken = default)
    {
        var redisKey = _redis.Key("once:" + RedisConversationStore.Hash(key));
        return await _redis.RunAsync(
            db => db.StringSetAsync(redisKey, 1, window, When.NotExists),
            async () =>
            {
                var claimed = await _local.TryClaimAsync(key, window, cancellationToken);
                if (claimed)
                {
                    _pending[key] = _time.GetUtcNow() + window;
                }

                return claimed;
            },
            cancellationToken);
    }

    private async Task WriteBackAsync(RedisRecovery recovery, CancellationToken cancellationToken)
    {
        var database = await _redis.DatabaseAsync(cancellationToken);
        foreach (var (key, until) in _pending)
        {
            var left = until - _time.GetUtcNow();
            if (left > TimeSpan.Zero)
            {
                await database.StringSetAsync(_redis.Key("once:" + RedisConversationStore.Hash(key)), 1, left, When.NotExists);
            }

            _pending.TryRemove(key, out _);
        }
    }
}
