using MarocAssistant.Conversation.State;
using StackExchange.Redis;

namespace MarocAssistant.State.Redis;

/// <summary>
/// Rate-limit windows shared by every host: <c>INCR</c>, a time to live set on the first hit, and the time left, in one
/// script. Key names carry a hash of the key (an address or a user id). While Redis is unreachable each host counts
/// on its own.
/// </summary>
public sealed class RedisRateLimitCounters : IRateLimitCounters
{
    private const string HitScript = """
        local count = redis.call('INCR', KEYS[1])
        if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) ttl = tonumber(ARGV[1]) end
        return { count, ttl }
        """;

    private readonly RedisConnection _redis;
    private readonly InMemoryRateLimitCounters _local;

    public RedisRateLimitCounters(RedisConnection redis, TimeProvider time)
    {
        _redis = redis;
        _local = new InMemoryRateLimitCounters(time);
    }

    public ValueTask<RateWindow> HitAsync(string key, TimeSpan window, CancellationToken cancellationToken = default)
    {
        var redisKey = _redis.Key("rate:" + RedisConversationStore.Hash(key));
        return _redis.RunAsync(
            async db =>
            {
                var result = (RedisResult[])(await db.ScriptEvaluateAsync(HitScript, [redisKey], [(long)window.TotalMilliseconds]))!;
                return new RateWindow((long)result[0], TimeSpan.FromMilliseconds((long)result[1]));
            },
            () => _local.HitAsync(key, window, cancellationToken),
            cancellationToken);
    }
}
