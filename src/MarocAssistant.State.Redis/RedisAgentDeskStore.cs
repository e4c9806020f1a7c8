using System.Globalization;
using System.Text.Json;
using MarocAssistant.Conversation.AgentDesk;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace MarocAssistant.State.Redis;

/// <summary>
/// The agent desk in Redis, so that a citizen on one host and an agent on another share one queue: the queue is one
/// hash (field: a hash of the conversation id; value: the entry's JSON), taking and touching an entry are Lua scripts
/// (one holder at a time, whichever host asks), the history a capped list per conversation, the widget's
/// administration and the agents' presence keys with a time to live. While Redis is unreachable this host falls back
/// to its own in-memory desk.
/// </summary>
public sealed class RedisAgentDeskStore : IAgentDeskStore
{
    // KEYS[1]: the queue; ARGV: field, agent, takenAt. 0: not queued, 1: taken (or already theirs), 2: another agent holds it.
    private const string TakeScript = """
        local v = redis.call('HGET', KEYS[1], ARGV[1])
        if not v then return 0 end
        local e = cjson.decode(v)
        local holder = e['agent']
        if holder and holder ~= cjson.null then
          if holder == ARGV[2] then return 1 end
          return 2
        end
        e['agent'] = ARGV[2]
        e['takenAt'] = ARGV[3]
        redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(e))
        return 1
        """;

    // KEYS[1]: the queue; ARGV: field, lastCitizenAt. Changes that one property, whatever another host did to the rest.
    private const string TouchScript = """
        local v = redis.call('HGET', KEYS[1], ARGV[1])
        if not v then return 0 end
        local e = cjson.decode(v)
        e['lastCitizenAt'] = ARGV[2]
        redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(e))
        return 1
        """;

    private readonly RedisConnection _redis;
    private readonly InMemoryAgentDeskStore _local;
    private readonly TimeSpan _historyLifetime;
    private readonly TimeProvider _time;

    public RedisAgentDeskStore(RedisConnection redis, IOptions<AgentDeskOptions> options, TimeProvider time)
    {
        _redis = redis;
        _local = new InMemoryAgentDeskStore(time);
        _time = time;
        _historyLifetime = TimeSpan.FromMinutes(options.Value.QueueMinutes) + TimeSpan.FromDays(1);
    }

    private RedisKey Queue => _redis.Key("desk:queue");

    public async Task SetAdministrationAsync(string conversationId, string administration, TimeSpan lifetime, CancellationToken cancellationToken = default) =>
        await _redis.RunAsync(
            db => db.StringSetAsync(Key("desk:adm:", conversationId), administration, lifetime),
            async () =>
            {
                await _local.SetAdministrationAsync(conversationId, administration, lifetime, cancellationToken);
                return true;
            },
            cancellationToken);

    public async Task<string?> AdministrationAsync(string conversationId, CancellationToken cancellationToken = default) =>
        await _redis.RunAsync(
            async db => (string?)await db.StringGetAsync(Key("desk:adm:", conversationId)),
            async () => await _local.AdministrationAsync(conversationId, cancellationToken),
            cancellationToken);

    public async Task<bool> AddAsync(DeskEntry entry, CancellationToken cancellationToken = default) =>
        await _redis.RunAsync(
            db => db.HashSetAsync(Queue, Field(entry.ConversationId), Serialize(entry), When.NotExists),
            async () => await _local.AddAsync(entry, cancellationToken),
            cancellationToken);

    public async Task<DeskEntry?> GetAsync(string conversationId, CancellationToken cancellationToken = default) =>
        await _redis.RunAsync(
            async db => Deserialize(await db.HashGetAsync(Queue, Field(conversationId))),
            async () => await _local.GetAsync(conversationId, cancellationToken),
            cancellationToken);

    public async Task<IReadOnlyList<DeskEntry>> ListAsync(CancellationToken cancellationToken = default) =>
        await _redis.RunAsync<IReadOnlyList<DeskEntry>>(
            async db => (await db.HashValuesAsync(Queue)).Select(Deserialize).OfType<DeskEntry>().OrderBy(e => e.QueuedAt).ToList(),
            async () => await _local.ListAsync(cancellationToken),
            cancellationToken);

    public async Task TouchAsync(string conversationId, DateTimeOffset lastCitizenAt, CancellationToken cancellationToken = default) =>
        await _redis.RunAsync(
            db => db.ScriptEvaluateAsync(TouchScript, [Queue], [Field(conversationId), Time(lastCitizenAt)]),
            async () =>
            {
                await _local.TouchAsync(conversationId, lastCitizenAt, cancellationToken);
                return RedisResult.Create(1);
            },
            cancellationToken);

    public async Task<TakeResult> TakeAsync(string conversationId, string agent, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        await _redis.RunAsync(
            async db => (int)await db.ScriptEvaluateAsync(TakeScript, [Queue], [Field(conversationId), agent, Time(now)]) switch
            {
                0 => TakeResult.NotQueued,
                1 => TakeResult.Taken,
                _ => TakeResult.TakenByAnother,
            },
            async () => await _local.TakeAsync(conversationId, agent, now, cancellationToken),
            cancellationToken);

    public async Task<bool> RemoveAsync(string conversationId, CancellationToken cancellationToken = default) =>
        await _redis.RunAsync(
            async db =>
            {
                await db.KeyDeleteAsync(Key("desk:msg:", conversationId));
                return await db.HashDeleteAsync(Queue, Field(conversationId));
            },
            async () => await _local.RemoveAsync(conversationId, cancellationToken),
            cancellationToken);

    public async Task<bool> EraseAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        // What this host kept while Redis was away goes too; then Redis, where a failure is thrown so that the caller
        // reports the erasure as incomplete (the conversation would still be on every host's queue).
        var local = await _local.EraseAsync(conversationId, cancellationToken);
        var shared = await _redis.RunAsync(
            async db =>
            {
                var batch = db.CreateBatch();
                var entry = batch.HashDeleteAsync(Queue, Field(conversationId));
                var keys = batch.KeyDeleteAsync([Key("desk:msg:", conversationId), Key("desk:adm:", conversationId)]);
                batch.Execute();
                return await entry | (await keys > 0);
            },
            () => throw new InvalidOperationException("Redis is unreachable; the desk's shared data could not be erased."),
            cancellationToken);
        return local || shared;
    }

    public async Task AppendMessageAsync(string conversationId, DeskMessage message, CancellationToken cancellationToken = default) =>
        await _redis.RunAsync(
            async db =>
            {
                var key = Key("desk:msg:", conversationId);
                var batch = db.CreateBatch();
                var push = batch.ListRightPushAsync(key, JsonSerializer.Serialize(message, DeskJsonContext.Default.DeskMessage));
                var trim = batch.ListTrimAsync(key, -InMemoryAgentDeskStore.MaxMessages, -1);
                var expire = batch.KeyExpireAsync(key, _historyLifetime);
                batch.Execute();
                await Task.WhenAll(push, trim, expire);
                return true;
            },
            async () =>
            {
                await _local.AppendMessageAsync(conversationId, message, cancellationToken);
                return true;
            },
            cancellationToken);

    public async Task<IReadOnlyList<DeskMessage>> MessagesAsync(string conversationId, CancellationToken cancellationToken = default) =>
        await _redis.RunAsync<IReadOnlyList<DeskMessage>>(
            async db => (await db.ListRangeAsync(Key("desk:msg:", conversationId)))
                .Select(v => v.IsNullOrEmpty ? null : JsonSerializer.Deserialize((string)v!, DeskJsonContext.Default.DeskMessage))
                .OfType<DeskMessage>().ToList(),
            async () => await _local.MessagesAsync(conversationId, cancellationToken),
            cancellationToken);

    public async Task SetPresenceAsync(string agent, DateTimeOffset? until, CancellationToken cancellationToken = default) =>
        await _redis.RunAsync(
            db => until is { } value
                ? db.StringSetAsync(Key("desk:on:", agent), 1, Max(value - _time.GetUtcNow(), TimeSpan.FromMilliseconds(1)))
                : db.KeyDeleteAsync(Key("desk:on:", agent)),
            async () =>
            {
                await _local.SetPresenceAsync(agent, until, cancellationToken);
                return true;
            },
            cancellationToken);

    public async Task<bool> IsPresentAsync(string agent, CancellationToken cancellationToken = default) =>
        await _redis.RunAsync(
            db => db.KeyExistsAsync(Key("desk:on:", agent)),
            async () => await _local.IsPresentAsync(agent, cancellationToken),
            cancellationToken);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private RedisKey Key(string prefix, string id) => _redis.Key(prefix + RedisConversationStore.Hash(id));

    private static RedisValue Field(string conversationId) => RedisConversationStore.Hash(conversationId);

    private static string Time(DateTimeOffset value) => value.ToString("O", CultureInfo.InvariantCulture);

    private static string Serialize(DeskEntry entry) => JsonSerializer.Serialize(entry, DeskJsonContext.Default.DeskEntry);

    private static DeskEntry? Deserialize(RedisValue value) =>
        value.IsNullOrEmpty ? null : JsonSerializer.Deserialize((string)value!, DeskJsonContext.Default.DeskEntry);
}
