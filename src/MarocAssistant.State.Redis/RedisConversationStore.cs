using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using MarocAssistant.Conversation.Pipeline;
using MarocAssistant.Conversation.State;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace MarocAssistant.State.Redis;

/// <summary>
/// Conversation state in Redis, one JSON string per conversation with the state's time to live, so that any host can
/// take the next turn. Key names carry a hash of the conversation key, never the ids themselves (a WhatsApp
/// conversation id is a phone number). Every state this host reads or writes is also kept here (a copy, dropped after
/// the same time to live), so that while Redis is unreachable a conversation goes on where it was, not from scratch.
/// States written during an outage are written back when Redis returns, and if Redis came back empty every copy is,
/// each merged by version (<see cref="ConversationState.TurnCount"/>): a newer state in Redis, from another host, is kept.
/// </summary>
public sealed class RedisConversationStore : IConversationStore
{
    // KEYS[1]: the state; ARGV: json, its version (turn count), ttl ms. Sets unless Redis holds a newer or equal version.
    private const string MergeScript = """
        local current = redis.call('GET', KEYS[1])
        if current then
          local ok, state = pcall(cjson.decode, current)
          if ok and type(state) == 'table' and tonumber(state['TurnCount'] or 0) >= tonumber(ARGV[2]) then return 0 end
        end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
        return 1
        """;

    private const string ErasedChannel = "state:erased";

    private readonly RedisConnection _redis;
    private readonly TimeProvider _time;
    private readonly TimeSpan _ttl;

    // The last state this host saw of each conversation, with when the copy expires.
    private readonly ConcurrentDictionary<string, (ConversationState State, DateTimeOffset Expires)> _copies = new(StringComparer.Ordinal);

    // Conversations whose latest state is only here (written while Redis was down), to write back.
    private readonly ConcurrentDictionary<string, byte> _localOnly = new(StringComparer.Ordinal);
    private long _nextSweepTicks;
    private int _subscribed;

    public RedisConversationStore(RedisConnection redis, IOptions<AssistantOptions> options, TimeProvider time)
    {
        _redis = redis;
        _time = time;
        _ttl = TimeSpan.FromMinutes(options.Value.StateTtlMinutes);
        redis.OnRecovered(WriteBackAsync);
    }

    /// <summary>Conversations whose state this host holds a copy of.</summary>
    public int LocalCount => _copies.Count;

    public async ValueTask<ConversationState?> GetAsync(string conversationKey, CancellationToken cancellationToken = default)
    {
        if (_localOnly.ContainsKey(conversationKey))
        {
            // Newer than what Redis holds: this host took the turns while Redis was away.
            return Copy(conversationKey);
        }

        await EnsureSubscribedAsync(cancellationToken);
        var key = StateKey(conversationKey);
        return await _redis.RunAsync(
            async db =>
            {
                var state = Deserialize(await db.StringGetAsync(key));
                if (state is not null)
                {
                    Keep(conversationKey, state);
                }

                return state;
            },
            () => ValueTask.FromResult(Copy(conversationKey)),
            cancellationToken);
    }

    public async ValueTask SetAsync(string conversationKey, ConversationState state, CancellationToken cancellationToken = default)
    {
        Keep(conversationKey, state);
        var key = StateKey(conversationKey);
        var json = JsonSerializer.Serialize(state, StateJsonContext.Default.ConversationState);
        var stored = await _redis.RunAsync(
            async db => await db.StringSetAsync(key, json, _ttl),
            () =>
            {
                _localOnly[conversationKey] = 0;
                return ValueTask.FromResult(false);
            },
            cancellationToken);
        if (stored)
        {
            _localOnly.TryRemove(conversationKey, out _);
        }
    }

    public async ValueTask<bool> DeleteAsync(string conversationKey, CancellationToken cancellationToken = default)
    {
        _localOnly.TryRemove(conversationKey, out _);
        var local = _copies.TryRemove(conversationKey, out _);
        var key = StateKey(conversationKey);

        // Erasure must reach Redis: a failure here is thrown, so that the caller reports the erasure as incomplete.
        // The other hosts are told to drop their copies, so that none writes the state back after a Redis restart.
        var shared = await _redis.RunAsync(
            async db =>
            {
                var deleted = await db.KeyDeleteAsync(key);
                await db.PublishAsync(_redis.Channel(ErasedChannel), Hash(conversationKey));
                return deleted;
            },
            () => throw new InvalidOperationException("Redis is unreachable; the shared state could not be erased."),
            cancellationToken);
        return local || shared;
    }

    /// <summary>The Redis key of a conversation: a SHA-256 of its key, so no id appears in key names.</summary>
    internal RedisKey StateKey(string conversationKey) => _redis.Key("state:" + Hash(conversationKey));

    internal static string Hash(string value)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(value), digest);
        return Convert.ToHexStringLower(digest[..20]);
    }

    /// <summary>
    /// After an outage: the states written meanwhile; after Redis lost its data: every copy. Each is merged by version,
    /// so a state another host wrote since is not overwritten.
    /// </summary>
    internal async Task WriteBackAsync(RedisRecovery recovery, CancellationToken cancellationToken)
    {
        var keys = recovery.DataLost ? _copies.Keys.ToList() : _localOnly.Keys.ToList();
        var database = await _redis.DatabaseAsync(cancellationToken);
        foreach (var conversationKey in keys)
        {
            if (Copy(conversationKey) is { } state)
            {
                var json = JsonSerializer.Serialize(state, StateJsonContext.Default.ConversationState);
                var left = _copies.TryGetValue(conversationKey, out var copy) ? copy.Expires - _time.GetUtcNow() : _ttl;
                if (left > TimeSpan.Zero)
                {
                    await database.ScriptEvaluateAsync(MergeScript, [StateKey(conversationKey)], [json, state.TurnCount, (long)left.TotalMilliseconds]);
                }
            }

            // Redis holds the latest now (this host's, or a newer one from another host): read it from there again.
            _localOnly.TryRemove(conversationKey, out _);
        }
    }

    private void Keep(string conversationKey, ConversationState state)
    {
        var now = _time.GetUtcNow();
        _copies[conversationKey] = (state, now + _ttl);
        if (now.UtcTicks >= Interlocked.Read(ref _nextSweepTicks))
        {
            // Now and then, so that copies of abandoned conversations do not accumulate.
            Interlocked.Exchange(ref _nextSweepTicks, (now + TimeSpan.FromMinutes(1)).UtcTicks);
            foreach (var pair in _copies)
            {
                if (pair.Value.Expires <= now && !_localOnly.ContainsKey(pair.Key))
                {
                    _copies.TryRemove(pair);
                }
            }
        }
    }

    private ConversationState? Copy(string conversationKey) =>
        _copies.TryGetValue(conversationKey, out var copy) && copy.Expires > _time.GetUtcNow() ? copy.State : null;

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
                await subscriber.SubscribeAsync(_redis.Channel(ErasedChannel), (_, message) => Forget((string)message!));
            }
        }
        catch (Exception ex) when (RedisConnection.IsRedisFailure(ex))
        {
            Volatile.Write(ref _subscribed, 0);
            _redis.Failed(ex);
        }
    }

    /// <summary>Drops the copy of a conversation erased on another host (the message is the hash of its key).</summary>
    private void Forget(string hash)
    {
        foreach (var conversationKey in _copies.Keys)
        {
            if (Hash(conversationKey) == hash)
            {
                _copies.TryRemove(conversationKey, out _);
                _localOnly.TryRemove(conversationKey, out _);
            }
        }
    }

    private static ConversationState? Deserialize(RedisValue value)
    {
        if (value.IsNullOrEmpty)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize((string)value!, StateJsonContext.Default.ConversationState);
        }
        catch (JsonException)
        {
            // A state written by an incompatible version: start the conversation afresh rather than fail the turn.
            return null;
        }
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ConversationState))]
internal sealed partial class StateJsonContext : JsonSerializerContext;
