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
/// conversation id is a phone number). While Redis is unreachable the state is kept in this process; the first call
/// after Redis returns writes those states back.
/// </summary>
public sealed class RedisConversationStore : IConversationStore
{
    private readonly RedisConnection _redis;
    private readonly InMemoryConversationStore _local;
    private readonly TimeSpan _ttl;

    // Conversations whose latest state is only local (written while Redis was down), to write back.
    private readonly ConcurrentDictionary<string, byte> _localOnly = new(StringComparer.Ordinal);

    public RedisConversationStore(RedisConnection redis, IOptions<AssistantOptions> options, TimeProvider time)
    {
        _redis = redis;
        _ttl = TimeSpan.FromMinutes(options.Value.StateTtlMinutes);
        _local = new InMemoryConversationStore(time, _ttl);
        redis.OnRecovered(WriteBackAsync);
    }

    public async ValueTask<ConversationState?> GetAsync(string conversationKey, CancellationToken cancellationToken = default)
    {
        if (_localOnly.ContainsKey(conversationKey))
        {
            // Newer than what Redis holds: this host took the turns while Redis was away.
            return await _local.GetAsync(conversationKey, cancellationToken);
        }

        var key = StateKey(conversationKey);
        return await _redis.RunAsync(
            async db => Deserialize(await db.StringGetAsync(key)),
            () => _local.GetAsync(conversationKey, cancellationToken),
            cancellationToken);
    }

    public async ValueTask SetAsync(string conversationKey, ConversationState state, CancellationToken cancellationToken = default)
    {
        var key = StateKey(conversationKey);
        var json = JsonSerializer.Serialize(state, StateJsonContext.Default.ConversationState);
        var stored = await _redis.RunAsync(
            async db => await db.StringSetAsync(key, json, _ttl),
            async () =>
            {
                await _local.SetAsync(conversationKey, state, cancellationToken);
                _localOnly[conversationKey] = 0;
                return false;
            },
            cancellationToken);
        if (stored && _localOnly.TryRemove(conversationKey, out _))
        {
            await _local.DeleteAsync(conversationKey, cancellationToken);
        }
    }

    public async ValueTask<bool> DeleteAsync(string conversationKey, CancellationToken cancellationToken = default)
    {
        _localOnly.TryRemove(conversationKey, out _);
        var local = await _local.DeleteAsync(conversationKey, cancellationToken);
        var key = StateKey(conversationKey);

        // Erasure must reach Redis: a failure here is thrown, so that the caller reports the erasure as incomplete.
        var shared = await _redis.RunAsync(
            async db => await db.KeyDeleteAsync(key),
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

    private async Task WriteBackAsync(CancellationToken cancellationToken)
    {
        foreach (var conversationKey in _localOnly.Keys)
        {
            if (await _local.GetAsync(conversationKey, cancellationToken) is { } state)
            {
                await SetAsync(conversationKey, state, cancellationToken);
            }
            else
            {
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
