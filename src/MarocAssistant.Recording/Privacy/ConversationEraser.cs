using Microsoft.Extensions.Logging;

namespace MarocAssistant.Recording.Privacy;

/// <summary>
/// Erases one conversation from every store that registered an <see cref="IConversationErasure"/>. Stores are all
/// asked even when one fails, and a failure is reported (the caller answers an error) rather than hidden.
/// </summary>
public sealed partial class ConversationEraser
{
    /// <summary>
    /// The channel ids the host's adapters use, tried when the caller does not say which channel a conversation
    /// belongs to. Deleting a key that does not exist is harmless, so a longer list only costs a few lookups.
    /// </summary>
    public static IReadOnlyList<string> KnownChannels { get; } =
        ["directline", "webchat", "emulator", "whatsapp", "msteams", "slack", "telegram", "facebook", "test",
         "bf-directline", "bf-webchat", "bf-whatsapp"];

    private readonly IReadOnlyList<IConversationErasure> _stores;
    private readonly ILogger<ConversationEraser> _logger;

    public ConversationEraser(IEnumerable<IConversationErasure> stores, ILogger<ConversationEraser> logger)
    {
        _stores = stores.ToList();
        _logger = logger;
    }

    /// <summary>The names of the registered stores, in the order they are erased.</summary>
    public IReadOnlyList<string> StoreNames => _stores.Select(s => s.Name).ToList();

    /// <summary>Erases the conversation everywhere; <paramref name="channelId"/> narrows state lookups when known.</summary>
    public async Task<ConversationErasureReport> EraseAsync(string conversationId, string? channelId = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        var request = new ConversationErasureRequest(conversationId, string.IsNullOrEmpty(channelId) ? KnownChannels : [channelId]);
        var erased = new List<string>();
        var failures = new List<Exception>();
        foreach (var store in _stores)
        {
            try
            {
                if (await store.EraseAsync(request, cancellationToken))
                {
                    erased.Add(store.Name);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogStoreFailed(ex, store.Name);
                failures.Add(ex);
            }
        }

        if (failures.Count > 0)
        {
            throw new AggregateException("Some stores could not erase the conversation.", failures);
        }

        LogErased(erased.Count, string.Join(',', erased));
        return new ConversationErasureReport(conversationId, erased);
    }

    [LoggerMessage(EventId = 40, Level = LogLevel.Information, Message = "Conversation erased from {Count} stores: {Stores}")]
    private partial void LogErased(int count, string stores);

    [LoggerMessage(EventId = 41, Level = LogLevel.Error, Message = "Store {Store} could not erase a conversation")]
    private partial void LogStoreFailed(Exception exception, string store);
}
