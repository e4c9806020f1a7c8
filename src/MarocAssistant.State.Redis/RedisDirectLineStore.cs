using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MarocAssistant.Activities;
using MarocAssistant.Conversation.State;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace MarocAssistant.State.Redis;

/// <summary>
/// Direct Line conversation logs in Redis, so that a client may post on one host and read (or stream) from another.
/// Per conversation: a counter (the last watermark) and a sorted set of activities scored by watermark. An append is
/// one Lua script: it numbers the activities, writes their ids into their JSON, trims the log, refreshes the idle
/// time to live and publishes the conversation id, so that streams waiting on any host wake up. While Redis is
/// unreachable the host serves from <see cref="LocalDirectLineLog"/> and writes back when Redis returns.
/// </summary>
public sealed class RedisDirectLineStore : IDirectLineStore
{
    private const string CreateScript = """
        if redis.call('SET', KEYS[1], 0, 'NX', 'PX', ARGV[1]) then return 1 end
        return 0
        """;

    // ARGV: ttl ms (0: keep the time left, when no citizen message is appended), max entries, id placeholder, channel,
    // conversation id, then (type, json) pairs.
    private const string AppendScript = """
        local current = redis.call('GET', KEYS[1])
        if not current then return -1 end
        current = tonumber(current)
        local n = (#ARGV - 5) / 2
        for i = 0, n - 1 do
          current = current + 1
          local kind = ARGV[6 + 2 * i]
          local json = string.gsub(ARGV[7 + 2 * i], ARGV[3], string.format('%07d', current))
          redis.call('ZADD', KEYS[2], current, string.len(kind) .. ':' .. kind .. json)
        end
        local ttl = tonumber(ARGV[1])
        if ttl <= 0 then
          ttl = redis.call('PTTL', KEYS[1])
          if ttl <= 0 then ttl = 1 end
        end
        redis.call('SET', KEYS[1], current, 'PX', ttl)
        redis.call('PEXPIRE', KEYS[2], ttl)
        local size = redis.call('ZCARD', KEYS[2])
        local keep = tonumber(ARGV[2])
        if size > keep then redis.call('ZREMRANGEBYRANK', KEYS[2], 0, size - keep - 1) end
        redis.call('PUBLISH', ARGV[4], ARGV[5])
        return current
        """;

    private const string ReadScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return false end
        return redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. ARGV[1], '+inf', 'WITHSCORES', 'LIMIT', 0, ARGV[2])
        """;

    // Writes back a log kept locally: ARGV: ttl ms, max entries, last watermark, then (watermark, member) pairs.
    private const string WriteBackScript = """
        local current = tonumber(redis.call('GET', KEYS[1]) or '0')
        for i = 4, #ARGV, 2 do
          redis.call('ZADD', KEYS[2], ARGV[i], ARGV[i + 1])
        end
        local last = tonumber(ARGV[3])
        if last > current then current = last end
        redis.call('SET', KEYS[1], current, 'PX', ARGV[1])
        redis.call('PEXPIRE', KEYS[2], ARGV[1])
        local size = redis.call('ZCARD', KEYS[2])
        local keep = tonumber(ARGV[2])
        if size > keep then redis.call('ZREMRANGEBYRANK', KEYS[2], 0, size - keep - 1) end
        return current
        """;

    private const string AppendedChannel = "dl:appended";

    private readonly RedisConnection _redis;
    private readonly DirectLineStoreOptions _options;
    private readonly LocalDirectLineLog _local;
    private readonly long _ttlMilliseconds;

    // A conversation where the citizen has not written yet lives this long (DirectLine:UnusedConversationMinutes).
    private readonly long _unusedTtlMilliseconds;

    // An unguessable token the script replaces with the watermark: message text can never contain it.
    private readonly string _placeholder = "WM" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12));

    // Streams waiting for a conversation on this host, woken by our own appends and by other hosts' PUBLISH.
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _signals = new(StringComparer.Ordinal);

    // The last watermark this host saw per conversation, so that an adopted conversation numbers from above it.
    private readonly ConcurrentDictionary<string, long> _lastSeen = new(StringComparer.Ordinal);
    private readonly string _appendedChannel;
    private int _subscribed;

    public RedisDirectLineStore(RedisConnection redis, IOptions<DirectLineStoreOptions> options, TimeProvider time)
    {
        _redis = redis;
        _options = options.Value;
        _local = new LocalDirectLineLog(_options, time);
        _ttlMilliseconds = (long)TimeSpan.FromMinutes(_options.ConversationIdleMinutes).TotalMilliseconds;
        _unusedTtlMilliseconds = (long)TimeSpan.FromMinutes(Math.Min(_options.UnusedConversationMinutes, _options.ConversationIdleMinutes)).TotalMilliseconds;
        _appendedChannel = redis.Key(AppendedChannel).ToString();
        redis.OnRecovered(WriteBackAllAsync);
    }

    public async Task<bool> CreateAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        var (counter, _) = Keys(conversationId);
        return await _redis.RunAsync(
            async db => (int)await db.ScriptEvaluateAsync(CreateScript, [counter], [_unusedTtlMilliseconds]) == 1,
            () => ValueTask.FromResult(_local.Create(conversationId)),
            cancellationToken);
    }

    public async Task<bool> DeleteAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        var local = _local.Contains(conversationId);
        _local.Remove(conversationId);
        var (counter, log) = Keys(conversationId);
        var shared = await _redis.RunAsync(
            async db => await db.KeyDeleteAsync([counter, log]) > 0,
            () => ValueTask.FromResult(false),
            cancellationToken);
        return local || shared;
    }

    public async Task<bool> ExistsAsync(string conversationId, CancellationToken cancellationToken = default) =>
        await LatestWatermarkAsync(conversationId, cancellationToken) is not null;

    public async Task<long?> LatestWatermarkAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        await WriteBackIfLocalAsync(conversationId, cancellationToken);
        var (counter, _) = Keys(conversationId);
        return await _redis.RunAsync(
            async db =>
            {
                var value = await db.StringGetAsync(counter);
                return value.IsNull ? (long?)null : Seen(conversationId, (long)value);
            },
            () => ValueTask.FromResult(Adopt(conversationId)),
            cancellationToken);
    }

    public async Task<IReadOnlyList<StoredActivity>?> AppendAsync(
        string conversationId, IReadOnlyList<Activity> activities, CancellationToken cancellationToken = default)
    {
        await WriteBackIfLocalAsync(conversationId, cancellationToken);
        var (counter, log) = Keys(conversationId);
        var result = await _redis.RunAsync(
            async db =>
            {
                var args = new RedisValue[5 + (2 * activities.Count)];
                args[0] = activities.Any(DirectLineActivity.IsCitizenMessage) ? _ttlMilliseconds : 0;
                args[1] = _options.MaxActivitiesPerConversation;
                args[2] = _placeholder;
                args[3] = _appendedChannel;
                args[4] = conversationId;
                var jsons = new string[activities.Count];
                for (var i = 0; i < activities.Count; i++)
                {
                    activities[i].Id = conversationId + "|" + _placeholder;
                    jsons[i] = JsonSerializer.Serialize(activities[i], ActivityJsonContext.Default.Activity);
                    args[5 + (2 * i)] = activities[i].Type ?? "";
                    args[6 + (2 * i)] = jsons[i];
                }

                var last = (long)await db.ScriptEvaluateAsync(AppendScript, [counter, log], args);
                if (last < 0)
                {
                    return null;
                }

                Seen(conversationId, last);
                var stored = new List<StoredActivity>(activities.Count);
                for (var i = 0; i < activities.Count; i++)
                {
                    var watermark = last - activities.Count + 1 + i;
                    var number = watermark.ToString("0000000", CultureInfo.InvariantCulture);
                    activities[i].Id = conversationId + "|" + number;
                    stored.Add(new StoredActivity(watermark, activities[i].Type ?? "", Encoding.UTF8.GetBytes(jsons[i].Replace(_placeholder, number, StringComparison.Ordinal))));
                }

                return (IReadOnlyList<StoredActivity>?)stored;
            },
            () =>
            {
                if (Adopt(conversationId) is null)
                {
                    return ValueTask.FromResult<IReadOnlyList<StoredActivity>?>(null);
                }

                return ValueTask.FromResult(_local.Append(conversationId, activities));
            },
            cancellationToken);
        if (result is not null)
        {
            Signal(conversationId);
        }

        return result;
    }

    public async Task<ActivityPage?> ReadAsync(string conversationId, long afterWatermark, int max, CancellationToken cancellationToken = default)
    {
        await WriteBackIfLocalAsync(conversationId, cancellationToken);
        var (counter, log) = Keys(conversationId);
        return await _redis.RunAsync(
            async db =>
            {
                var result = await db.ScriptEvaluateAsync(ReadScript, [counter, log], [afterWatermark, max]);
                if (result.IsNull)
                {
                    return null;
                }

                var items = (RedisValue[])result!;
                var page = new List<StoredActivity>(items.Length / 2);
                for (var i = 0; i + 1 < items.Length; i += 2)
                {
                    var member = (string)items[i]!;
                    var colon = member.IndexOf(':', StringComparison.Ordinal);
                    var typeLength = int.Parse(member.AsSpan(0, colon), CultureInfo.InvariantCulture);
                    var type = member.Substring(colon + 1, typeLength);
                    page.Add(new StoredActivity((long)(double)items[i + 1], type, Encoding.UTF8.GetBytes(member[(colon + 1 + typeLength)..])));
                }

                return new ActivityPage(page, page.Count > 0 ? Seen(conversationId, page[^1].Watermark) : afterWatermark);
            },
            () => ValueTask.FromResult(Adopt(conversationId) is null ? null : _local.Read(conversationId, afterWatermark, max)),
            cancellationToken);
    }

    public async Task WaitForActivityAsync(string conversationId, long afterWatermark, CancellationToken cancellationToken = default)
    {
        await EnsureSubscribedAsync(cancellationToken);
        var signal = _signals.GetOrAdd(conversationId, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        var latest = await LatestWatermarkAsync(conversationId, cancellationToken);
        if (latest is null || latest > afterWatermark)
        {
            return;
        }

        await signal.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Writes back every conversation kept locally during an outage.</summary>
    internal async Task WriteBackAllAsync(RedisRecovery recovery, CancellationToken cancellationToken)
    {
        foreach (var conversationId in _local.ConversationIds.ToList())
        {
            await WriteBackAsync(conversationId, cancellationToken);
        }

        if (recovery.DataLost)
        {
            // Redis came back empty: the conversations this host served live on, numbered from above the last watermark
            // it saw (another host's higher one wins in the script). Their clients already hold the activities before it.
            // Kept for the short time of an unused conversation until the citizen writes again.
            var database = await _redis.DatabaseAsync(cancellationToken);
            foreach (var (conversationId, last) in _lastSeen.ToList())
            {
                var (counter, log) = Keys(conversationId);
                await database.ScriptEvaluateAsync(WriteBackScript, [counter, log], [_unusedTtlMilliseconds, _options.MaxActivitiesPerConversation, last]);
            }
        }
    }

    private async ValueTask WriteBackIfLocalAsync(string conversationId, CancellationToken cancellationToken)
    {
        if (!_local.IsEmpty && !_redis.IsDegraded && _local.Contains(conversationId))
        {
            try
            {
                await WriteBackAsync(conversationId, cancellationToken);
            }
            catch (Exception ex) when (RedisConnection.IsRedisFailure(ex))
            {
                _redis.Failed(ex);
            }
        }
    }

    private async Task WriteBackAsync(string conversationId, CancellationToken cancellationToken)
    {
        if (_local.Snapshot(conversationId) is not { } snapshot)
        {
            return;
        }

        var (counter, log) = Keys(conversationId);
        var args = new List<RedisValue>(3 + (2 * snapshot.Entries.Count)) { _ttlMilliseconds, _options.MaxActivitiesPerConversation, snapshot.Last };
        foreach (var entry in snapshot.Entries)
        {
            args.Add(entry.Watermark);
            args.Add(entry.Type.Length.ToString(CultureInfo.InvariantCulture) + ":" + entry.Type + entry.Json);
        }

        var database = await _redis.DatabaseAsync(cancellationToken);
        var last = (long)await database.ScriptEvaluateAsync(WriteBackScript, [counter, log], [.. args]);
        Seen(conversationId, last);
        _local.Remove(conversationId);
    }

    private long? Adopt(string conversationId)
    {
        if (_local.Latest(conversationId) is { } latest)
        {
            return latest;
        }

        // Redis cannot say whether the conversation exists; the caller already proved it may open it (its token
        // names it, or it holds the secret), so it is taken over here.
        _local.Adopt(conversationId, _lastSeen.GetValueOrDefault(conversationId));
        return _local.Latest(conversationId);
    }

    private long Seen(string conversationId, long watermark)
    {
        if (_lastSeen.Count > 100_000)
        {
            _lastSeen.Clear();
        }

        _lastSeen[conversationId] = watermark;
        return watermark;
    }

    private void Signal(string conversationId)
    {
        if (_signals.TryRemove(conversationId, out var signal))
        {
            signal.TrySetResult();
        }
    }

    private async ValueTask EnsureSubscribedAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _subscribed) == 1 || _redis.IsDegraded)
        {
            return;
        }

        try
        {
            var subscriber = await _redis.SubscriberAsync(cancellationToken);
            if (Interlocked.Exchange(ref _subscribed, 1) == 0)
            {
                await subscriber.SubscribeAsync(_redis.Channel(AppendedChannel), (_, message) => Signal((string)message!));
            }
        }
        catch (Exception ex) when (RedisConnection.IsRedisFailure(ex))
        {
            Volatile.Write(ref _subscribed, 0);
            _redis.Failed(ex);
        }

        if (_signals.Count > 10_000)
        {
            // Streams that left without a new activity: wake them all once; each re-reads and waits again.
            foreach (var id in _signals.Keys)
            {
                Signal(id);
            }
        }
    }

    private (RedisKey Counter, RedisKey Log) Keys(string conversationId) =>
        (_redis.Key("dl:" + conversationId + ":n"), _redis.Key("dl:" + conversationId + ":log"));
}
