using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MarocAssistant.Channels.WhatsApp;

/// <summary>An incoming message waiting for its answer.</summary>
/// <param name="MessageId">The <c>wamid.…</c> id: the idempotency key and the target of the read receipt.</param>
/// <param name="UserKey">The citizen: the business-scoped user id when present, else the phone number (<c>wa_id</c>).</param>
/// <param name="Recipient">Where the answer goes.</param>
/// <param name="Type">The WhatsApp message type (text, interactive, button, audio...), for logs.</param>
/// <param name="Text">What the citizen wrote or tapped; null for what the assistant cannot read (voice, image, location...).</param>
public sealed record WhatsAppInbound(string MessageId, string UserKey, WhatsAppRecipient Recipient, string Type, string? Text);

/// <summary>
/// Bounded queues between the webhook (which must answer at once) and the workers that answer. A citizen's messages
/// always land in the same queue, so one worker answers them in order.
/// </summary>
public sealed class WhatsAppQueue
{
    private readonly Channel<WhatsAppInbound>[] _partitions;
    private long _completed;

    public WhatsAppQueue(IOptions<WhatsAppOptions> options)
    {
        var o = options.Value;
        _partitions = Enumerable.Range(0, o.Workers)
            .Select(_ => Channel.CreateBounded<WhatsAppInbound>(new BoundedChannelOptions(o.QueueCapacity)
            {
                FullMode = BoundedChannelFullMode.Wait,
                SingleReader = true,
            }))
            .ToArray();
    }

    internal IReadOnlyList<Channel<WhatsAppInbound>> Partitions => _partitions;

    /// <summary>Messages fully handled so far (answered, skipped as duplicates, or failed).</summary>
    public long Completed => Interlocked.Read(ref _completed);

    /// <summary>False when that citizen's queue is full.</summary>
    public bool TryEnqueue(WhatsAppInbound inbound) =>
        _partitions[(StringComparer.Ordinal.GetHashCode(inbound.UserKey) & int.MaxValue) % _partitions.Length].Writer.TryWrite(inbound);

    internal void MarkCompleted() => Interlocked.Increment(ref _completed);
}

/// <summary>One worker per queue partition, answering messages through <see cref="WhatsAppProcessor"/>.</summary>
public sealed partial class WhatsAppWorker : BackgroundService
{
    private readonly WhatsAppQueue _queue;
    private readonly WhatsAppProcessor _processor;
    private readonly ILogger<WhatsAppWorker> _logger;

    public WhatsAppWorker(WhatsAppQueue queue, WhatsAppProcessor processor, ILogger<WhatsAppWorker> logger)
    {
        _queue = queue;
        _processor = processor;
        _logger = logger;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_queue.Partitions.Select(p => RunAsync(p.Reader, stoppingToken)));

    private async Task RunAsync(ChannelReader<WhatsAppInbound> reader, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var inbound in reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await _processor.ProcessAsync(inbound, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    LogFailed(ex, inbound.Type);
                }
                finally
                {
                    _queue.MarkCompleted();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: messages still queued in memory are not answered (the webhook already acknowledged them).
        }
    }

    [LoggerMessage(EventId = 65, Level = LogLevel.Error, Message = "A WhatsApp {Type} message could not be answered")]
    private partial void LogFailed(Exception exception, string type);
}
