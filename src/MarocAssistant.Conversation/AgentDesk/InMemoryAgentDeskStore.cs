using System.Collections.Concurrent;

namespace MarocAssistant.Conversation.AgentDesk;

/// <summary>The desk's state in this process (one host).</summary>
public sealed class InMemoryAgentDeskStore : IAgentDeskStore
{
    /// <summary>History kept per conversation: the latest lines.</summary>
    public const int MaxMessages = 200;

    private readonly ConcurrentDictionary<string, (string Administration, DateTimeOffset Until)> _administrations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DeskEntry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, List<DeskMessage>> _messages = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _presence = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();

    public InMemoryAgentDeskStore(TimeProvider time)
    {
        _time = time;
    }

    public Task SetAdministrationAsync(string conversationId, string administration, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        _administrations[conversationId] = (administration, now + lifetime);
        if (_administrations.Count > 10_000)
        {
            // Widget conversations are many and short: expired ones go when the map grows.
            foreach (var (id, value) in _administrations.Where(p => p.Value.Until <= now).ToList())
            {
                _administrations.TryRemove(new KeyValuePair<string, (string, DateTimeOffset)>(id, value));
            }
        }

        return Task.CompletedTask;
    }

    public Task<string?> AdministrationAsync(string conversationId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_administrations.TryGetValue(conversationId, out var value) && value.Until > _time.GetUtcNow() ? value.Administration : null);

    public Task<bool> AddAsync(DeskEntry entry, CancellationToken cancellationToken = default) =>
        Task.FromResult(_entries.TryAdd(entry.ConversationId, entry));

    public Task<DeskEntry?> GetAsync(string conversationId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_entries.TryGetValue(conversationId, out var entry) ? entry : null);

    public Task<IReadOnlyList<DeskEntry>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<DeskEntry>>(_entries.Values.OrderBy(e => e.QueuedAt).ToList());

    public Task TouchAsync(string conversationId, DateTimeOffset lastCitizenAt, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(conversationId, out var entry))
            {
                _entries[conversationId] = entry with { LastCitizenAt = lastCitizenAt };
            }
        }

        return Task.CompletedTask;
    }

    public Task<TakeResult> TakeAsync(string conversationId, string agent, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(conversationId, out var entry))
            {
                return Task.FromResult(TakeResult.NotQueued);
            }

            if (entry.Agent is not null && entry.Agent != agent)
            {
                return Task.FromResult(TakeResult.TakenByAnother);
            }

            _entries[conversationId] = entry with { Agent = agent, TakenAt = entry.TakenAt ?? now };
            return Task.FromResult(TakeResult.Taken);
        }
    }

    public Task<bool> RemoveAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _messages.TryRemove(conversationId, out _);
            return Task.FromResult(_entries.TryRemove(conversationId, out _));
        }
    }

    public Task<bool> EraseAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var entry = _entries.TryRemove(conversationId, out _);
            var messages = _messages.TryRemove(conversationId, out _);
            var administration = _administrations.TryRemove(conversationId, out _);
            return Task.FromResult(entry || messages || administration);
        }
    }

    public Task AppendMessageAsync(string conversationId, DeskMessage message, CancellationToken cancellationToken = default)
    {
        var list = _messages.GetOrAdd(conversationId, _ => []);
        lock (list)
        {
            list.Add(message);
            if (list.Count > MaxMessages)
            {
                list.RemoveRange(0, list.Count - MaxMessages);
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<DeskMessage>> MessagesAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        if (!_messages.TryGetValue(conversationId, out var list))
        {
            return Task.FromResult<IReadOnlyList<DeskMessage>>([]);
        }

        lock (list)
        {
            return Task.FromResult<IReadOnlyList<DeskMessage>>(list.ToList());
        }
    }

    public Task SetPresenceAsync(string agent, DateTimeOffset? until, CancellationToken cancellationToken = default)
    {
        if (until is { } value)
        {
            _presence[agent] = value;
        }
        else
        {
            _presence.TryRemove(agent, out _);
        }

        return Task.CompletedTask;
    }

    public Task<bool> IsPresentAsync(string agent, CancellationToken cancellationToken = default) =>
        Task.FromResult(_presence.TryGetValue(agent, out var until) && until > _time.GetUtcNow());
}
