using System.Collections.Concurrent;
using MarocAssistant.Activities;
using MarocAssistant.Conversation.State;

namespace MarocAssistant.State.Redis;

/// <summary>
/// Where <see cref="RedisDirectLineStore"/> keeps conversations while Redis is unreachable. A conversation already
/// known to Redis is adopted with watermarks far above any the client holds (<see cref="AdoptionGap"/>), so that its
/// client keeps receiving new activities; the log is written back to Redis when it returns.
/// </summary>
internal sealed class LocalDirectLineLog
{
    /// <summary>How far above the last watermark this host saw an adopted conversation starts.</summary>
    public const long AdoptionGap = 1_000_000;

    private readonly ConcurrentDictionary<string, Conversation> _conversations = new(StringComparer.Ordinal);
    private readonly DirectLineStoreOptions _options;
    private readonly TimeProvider _time;

    public LocalDirectLineLog(DirectLineStoreOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
    }

    public bool IsEmpty => _conversations.IsEmpty;

    public IEnumerable<string> ConversationIds => _conversations.Keys;

    public bool Contains(string conversationId) => Find(conversationId) is not null;

    /// <summary>Starts a conversation Redis never saw (created during the outage).</summary>
    public bool Create(string conversationId)
    {
        Sweep();
        MakeRoom();
        return _conversations.TryAdd(conversationId, new Conversation(0, _time.GetUtcNow()));
    }

    /// <summary>Takes over a conversation that lives in Redis, numbering from above <paramref name="lastSeen"/>.</summary>
    public void Adopt(string conversationId, long lastSeen)
    {
        MakeRoom();
        _conversations.TryAdd(conversationId, new Conversation(lastSeen + AdoptionGap, _time.GetUtcNow()));
    }

    public long? Latest(string conversationId)
    {
        if (Find(conversationId) is not { } conversation)
        {
            return null;
        }

        lock (conversation)
        {
            return conversation.Next - 1;
        }
    }

    public IReadOnlyList<StoredActivity>? Append(string conversationId, IReadOnlyList<Activity> activities)
    {
        if (Find(conversationId) is not { } conversation)
        {
            return null;
        }

        var stored = new List<StoredActivity>(activities.Count);
        lock (conversation)
        {
            foreach (var activity in activities)
            {
                conversation.Used |= DirectLineActivity.IsCitizenMessage(activity);
                var watermark = conversation.Next++;
                activity.Id = InMemoryDirectLineStore.ActivityId(conversationId, watermark);
                var entry = StoredActivity.Of(watermark, activity);
                conversation.Entries.Add(entry);
                stored.Add(entry);
            }

            if (conversation.Entries.Count > _options.MaxActivitiesPerConversation)
            {
                conversation.Entries.RemoveRange(0, conversation.Entries.Count - _options.MaxActivitiesPerConversation);
            }

            conversation.LastActivity = _time.GetUtcNow();
        }

        return stored;
    }

    public ActivityPage? Read(string conversationId, long afterWatermark, int max)
    {
        if (Find(conversationId) is not { } conversation)
        {
            return null;
        }

        lock (conversation)
        {
            var page = conversation.Entries.Where(e => e.Watermark > afterWatermark).Take(max).ToList();
            return new ActivityPage(page, page.Count > 0 ? page[^1].Watermark : afterWatermark);
        }
    }

    /// <summary>Everything kept for a conversation, for the write-back: its entries and its last watermark.</summary>
    public (IReadOnlyList<StoredActivity> Entries, long Last)? Snapshot(string conversationId)
    {
        if (Find(conversationId) is not { } conversation)
        {
            return null;
        }

        lock (conversation)
        {
            return ([.. conversation.Entries], conversation.Next - 1);
        }
    }

    public void Remove(string conversationId) => _conversations.TryRemove(conversationId, out _);

    /// <summary>Full (a flood of starts during an outage): the idlest conversations, unused first, make room.</summary>
    private void MakeRoom()
    {
        if (_conversations.Count < _options.MaxConversations)
        {
            return;
        }

        var victims = _conversations
            .Select(pair =>
            {
                lock (pair.Value)
                {
                    return (pair.Key, pair.Value.Used, pair.Value.LastActivity);
                }
            })
            .OrderBy(entry => entry.Used)
            .ThenBy(entry => entry.LastActivity)
            .Take(Math.Max(1, _options.MaxConversations / 64));
        foreach (var (id, _, _) in victims)
        {
            _conversations.TryRemove(id, out _);
        }
    }

    private Conversation? Find(string conversationId)
    {
        if (!_conversations.TryGetValue(conversationId, out var conversation))
        {
            return null;
        }

        lock (conversation)
        {
            var idle = conversation.Used
                ? _options.ConversationIdleMinutes
                : Math.Min(_options.UnusedConversationMinutes, _options.ConversationIdleMinutes);
            if (_time.GetUtcNow() - conversation.LastActivity <= TimeSpan.FromMinutes(idle))
            {
                return conversation;
            }
        }

        _conversations.TryRemove(new KeyValuePair<string, Conversation>(conversationId, conversation));
        return null;
    }

    private void Sweep()
    {
        foreach (var id in _conversations.Keys)
        {
            Find(id);
        }
    }

    private sealed class Conversation(long lastWatermark, DateTimeOffset created)
    {
        public List<StoredActivity> Entries { get; } = [];

        public long Next { get; set; } = lastWatermark + 1;

        /// <summary>The citizen wrote in it (an adopted conversation counts as used: it lived in Redis before).</summary>
        public bool Used { get; set; } = lastWatermark > 0;

        public DateTimeOffset LastActivity { get; set; } = created;
    }
}
