using MarocAssistant.Composition;
using MarocAssistant.Conversation.Pipeline;
using MarocAssistant.Conversation.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MarocAssistant.Channels.WhatsApp;

/// <summary>
/// Answers one incoming message: once per message id (WhatsApp retries webhooks), read receipt first, then the turn
/// pipeline, then the replies as WhatsApp messages. What cannot be read gets the polite "what I read" message.
/// </summary>
public sealed partial class WhatsAppProcessor
{
    public const string ChannelId = "whatsapp";

    private readonly TurnPipeline _pipeline;
    private readonly WhatsAppGraphClient _graph;
    private readonly IIdempotencyStore _idempotency;
    private readonly WhatsAppOptions _options;
    private readonly ILogger<WhatsAppProcessor> _logger;

    public WhatsAppProcessor(
        TurnPipeline pipeline,
        WhatsAppGraphClient graph,
        IIdempotencyStore idempotency,
        IOptions<WhatsAppOptions> options,
        ILogger<WhatsAppProcessor> logger)
    {
        _pipeline = pipeline;
        _graph = graph;
        _idempotency = idempotency;
        _options = options.Value;
        _logger = logger;
    }

    public async Task ProcessAsync(WhatsAppInbound inbound, CancellationToken cancellationToken = default)
    {
        if (!await _idempotency.TryClaimAsync("whatsapp:" + inbound.MessageId, TimeSpan.FromMinutes(_options.DuplicateWindowMinutes), cancellationToken))
        {
            LogDuplicate(inbound.Type);
            return;
        }

        // Blue ticks (and "typing…") first; a failed receipt must not hold the answer back.
        await _graph.MarkReadAsync(inbound.MessageId, cancellationToken);

        // No text (voice note, image, location...): the "what I read" reply, through the pipeline like any turn.
        var incoming = inbound.Text is null
            ? new IncomingMessage(ChannelId, inbound.UserKey, inbound.UserKey, "", Kind: IncomingKind.Unsupported)
            : new IncomingMessage(ChannelId, inbound.UserKey, inbound.UserKey, inbound.Text);
        var replies = (await _pipeline.RunAsync(incoming, cancellationToken)).Replies;

        var messages = replies.SelectMany(reply => WhatsAppMessageBuilder.Build(reply, inbound.Recipient)).ToList();
        foreach (var message in messages)
        {
            if (!await _graph.SendAsync(message, cancellationToken))
            {
                // The rest would read out of context; the message id stays claimed, so no second answer follows.
                return;
            }
        }

        LogAnswered(inbound.Type, messages.Count);
    }

    [LoggerMessage(EventId = 66, Level = LogLevel.Information, Message = "WhatsApp {Type} message answered with {Count} message(s)")]
    private partial void LogAnswered(string type, int count);

    [LoggerMessage(EventId = 67, Level = LogLevel.Information, Message = "WhatsApp {Type} message already answered (duplicate delivery)")]
    private partial void LogDuplicate(string type);
}
