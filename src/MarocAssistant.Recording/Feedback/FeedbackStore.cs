using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MarocAssistant.Conversation.Pipeline;
using MarocAssistant.Conversation.Privacy;
using MarocAssistant.Recording.Privacy;
using Microsoft.Extensions.Options;

namespace MarocAssistant.Recording.Feedback;

/// <summary>
/// Counts what citizens think of the answers and what they asked that had no good answer, per procedure and language.
/// Observes every turn; keeps events in memory and, when <see cref="FeedbackOptions.Path"/> is set, appends them to a
/// JSON-lines file. Question text is redacted before it is kept. Erasable per conversation (law 09-08).
/// </summary>
public sealed class FeedbackStore : ITurnObserver, IConversationErasure, IDisposable
{
    private readonly List<FeedbackEvent> _events = [];
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly string? _path;
    private readonly TimeProvider _time;

    public FeedbackStore(IOptions<FeedbackOptions> options, TimeProvider time)
    {
        _time = time;
        _path = string.IsNullOrWhiteSpace(options.Value.Path) ? null : AssistantOptions.Resolve(options.Value.Path);
        if (_path is not null && File.Exists(_path))
        {
            _events.AddRange(Read(_path));
        }
    }

    public string Name => "feedback";

    /// <summary>A snapshot of the events, oldest first.</summary>
    public IReadOnlyList<FeedbackEvent> Events
    {
        get
        {
            _lock.Wait();
            try
            {
                return _events.ToList();
            }
            finally
            {
                _lock.Release();
            }
        }
    }

    public async ValueTask OnTurnAsync(IncomingMessage message, TurnResult result, CancellationToken cancellationToken = default)
    {
        var kind = result.Outcome switch
        {
            "feedback-positive" => FeedbackEvent.Positive,
            "feedback-negative" => FeedbackEvent.Negative,
            "out-of-scope" or "fallback" or "no-focus" => FeedbackEvent.Unanswered,
            "handoff" when result.ProcedureId is null => FeedbackEvent.Unanswered,
            _ => null,
        };
        if (kind is not null)
        {
            await AddAsync(message, result, kind, cancellationToken);
        }

        if (result.Outcome == "handoff")
        {
            // Every hand-off to a person, per procedure (maroc report): where the assistant is not enough.
            await AddAsync(message, result, FeedbackEvent.Handoff, cancellationToken);
        }
    }

    private async ValueTask AddAsync(IncomingMessage message, TurnResult result, string kind, CancellationToken cancellationToken)
    {
        var feedback = new FeedbackEvent(
            _time.GetUtcNow(),
            kind,
            result.ProcedureId,
            result.Replies.Count > 0 ? result.Replies[0].Language : result.Detected.Label,
            Hash(message.ChannelId, message.ConversationId),
            kind == FeedbackEvent.Unanswered ? PersonalDataRedactor.Redact(message.Text.Trim()) : null);
        await _lock.WaitAsync(cancellationToken);
        try
        {
            _events.Add(feedback);
            if (_path is not null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
                await File.AppendAllTextAsync(_path, JsonSerializer.Serialize(feedback, FeedbackJsonContext.Default.FeedbackEvent) + "\n", cancellationToken);
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    public async ValueTask<bool> EraseAsync(ConversationErasureRequest request, CancellationToken cancellationToken = default)
    {
        var hashes = request.ChannelIds.Select(c => Hash(c, request.ConversationId)).ToHashSet(StringComparer.Ordinal);
        await _lock.WaitAsync(cancellationToken);
        try
        {
            var removed = _events.RemoveAll(e => hashes.Contains(e.ConversationHash));
            if (removed > 0 && _path is not null)
            {
                // Rewrite through a temporary file so a crash never leaves half a file.
                var temporary = _path + ".tmp";
                await File.WriteAllLinesAsync(temporary, _events.Select(e => JsonSerializer.Serialize(e, FeedbackJsonContext.Default.FeedbackEvent)), cancellationToken);
                File.Move(temporary, _path, overwrite: true);
            }

            return removed > 0;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Reads a feedback file; lines that are not events are skipped.</summary>
    public static IEnumerable<FeedbackEvent> Read(string path)
    {
        foreach (var line in File.ReadLines(path))
        {
            FeedbackEvent? item = null;
            try
            {
                item = JsonSerializer.Deserialize(line, FeedbackJsonContext.Default.FeedbackEvent);
            }
            catch (JsonException)
            {
                // A torn last line after a crash: skip it.
            }

            if (item is not null)
            {
                yield return item;
            }
        }
    }

    /// <summary>Conversations are kept as a hash: a WhatsApp conversation id is a phone number.</summary>
    public static string Hash(string channelId, string conversationId) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(channelId + ":" + conversationId)))[..24];

    public void Dispose() => _lock.Dispose();
}
