using System.Globalization;
using MarocAssistant.Activities;
using MarocAssistant.Conversation.State;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MarocAssistant.Channels.DirectLine;

/// <summary>
/// The bot's side of a Direct Line conversation: a user's activity is addressed, stamped and logged (the echo), run
/// through the bot, and the replies appended after it; a new conversation gets the welcome. Shared by posted
/// activities and uploads.
/// </summary>
public sealed partial class DirectLineTurns
{
    // Turns of one conversation run one at a time, so its echo and replies stay together in the log.
    private static readonly SemaphoreSlim[] TurnLocks = Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    private readonly IDirectLineStore _store;
    private readonly ActivityBot _bot;
    private readonly DirectLineOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<DirectLineTurns> _logger;

    public DirectLineTurns(IDirectLineStore store, ActivityBot bot, IOptions<DirectLineOptions> options, TimeProvider time, ILogger<DirectLineTurns> logger)
    {
        _store = store;
        _bot = bot;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>Logs the user's activity, runs the turn and logs the replies; answers <c>{"id"}</c>.</summary>
    public async Task<IResult> AcceptAsync(string conversationId, DirectLineCaller caller, Activity activity, CancellationToken cancellationToken = default)
    {
        // A token speaks for its user: the from.id it carries wins over what the client wrote.
        if (caller.Grant is { } grant)
        {
            activity.From ??= new ChannelAccount();
            activity.From.Id = grant.UserId;
        }
        else if (string.IsNullOrWhiteSpace(activity.From?.Id))
        {
            return DirectLineErrors.BadArgument("The activity needs from.id.");
        }

        activity.From!.Role ??= "user";
        // Web Chat says "webchat"; anything else is this channel (a client cannot pass itself off as WhatsApp).
        activity.ChannelId = activity.ChannelId == DirectLineEndpoints.WebChatChannelId ? DirectLineEndpoints.WebChatChannelId : DirectLineEndpoints.ChannelId;
        activity.Conversation = new ConversationAccount { Id = conversationId };
        activity.Recipient = Bot();
        activity.ServiceUrl = null;
        activity.DeliveryMode = null;
        Stamp(activity);

        var turnLock = TurnLocks[(StringComparer.Ordinal.GetHashCode(conversationId) & int.MaxValue) % TurnLocks.Length];
        await turnLock.WaitAsync(cancellationToken);
        try
        {
            var echo = await _store.AppendAsync(conversationId, [activity], cancellationToken);
            if (echo is null)
            {
                return DirectLineErrors.NotFound();
            }

            List<Activity> replies;
            try
            {
                replies = await _bot.RespondAsync(activity, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogBotFailed(ex);
                return DirectLineErrors.Error(StatusCodes.Status502BadGateway, "BotRejectedActivity", "Failed to send activity: bot returned an error");
            }

            foreach (var reply in replies)
            {
                Stamp(reply);
            }

            if (replies.Count > 0)
            {
                await _store.AppendAsync(conversationId, replies, cancellationToken);
            }

            return Results.Json(new ResourceResponse { Id = activity.Id }, ActivityJsonContext.Default.ResourceResponse);
        }
        finally
        {
            turnLock.Release();
        }
    }

    /// <summary>Logs the welcome of a conversation just created (as a channel's conversationUpdate would bring it).</summary>
    public async Task WelcomeAsync(string conversationId, string userId, CancellationToken cancellationToken = default)
    {
        var start = new Activity
        {
            Type = ActivityTypes.ConversationUpdate,
            ChannelId = DirectLineEndpoints.ChannelId,
            Conversation = new ConversationAccount { Id = conversationId },
            From = new ChannelAccount { Id = userId, Role = "user" },
            Recipient = Bot(),
        };
        var welcome = _bot.Welcome(start);
        Stamp(welcome);
        await _store.AppendAsync(conversationId, [welcome], cancellationToken);
    }

    private ChannelAccount Bot() => new() { Id = _options.BotId, Name = _options.BotName, Role = "bot" };

    private void Stamp(Activity activity) =>
        activity.Timestamp = _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    [LoggerMessage(EventId = 42, Level = LogLevel.Error, Message = "The bot failed on a Direct Line activity")]
    private partial void LogBotFailed(Exception exception);
}
