using System.Collections.Concurrent;

namespace MarocAssistant.Conversation.State;

/// <summary>The single-host default: state in memory, dropped after the time to live without a turn.</summary>
public sealed class InMemoryConversationStore : IConversationStore
{
    private readonly ConcurrentDictionary<string, (ConversationState State, DateTimeOffset Expires)> _items = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly TimeSpan _ttl;

    public InMemoryConversationStore(TimeProvider time, TimeSpan ttl)
    {
        _time = time;
        _ttl = ttl;
    }

    public ValueTask<ConversationState?> GetAsync(string conversationKey, CancellationToken cancellationToken = default)
    {
        if (_items.TryGetValue(conversationKey, out var item))
        {
            if (item.Expires > _time.GetUtcNow())
            {
                return ValueTask.FromResult<ConversationState?>(item.State);
            }

            _items.TryRemove(new KeyValuePair<string, (ConversationState, DateTimeOffset)>(conversationKey, item));
        }

        return ValueTask.FromResult<ConversationState?>(null);
    }

    public ValueTask SetAsync(string conversationKey, ConversationState state, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        _items[conversationKey] = (state, now + _ttl);

        // Sweep now and then so abandoned conversations do not accumulate.
        if (_items.Count > 1024 && now.Second == 0)
        {
            foreach (var pair in _items)
            {
                if (pair.Value.Expires <= now)
                {
                    _items.TryRemove(pair);
                }
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<bool> DeleteAsync(string conversationKey, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_items.TryRemove(conversationKey, out _));
}
