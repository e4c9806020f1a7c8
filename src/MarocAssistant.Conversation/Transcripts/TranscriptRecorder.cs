using System.Globalization;
using System.Text.Json;
using MarocAssistant.Composition;
using MarocAssistant.Conversation.Activities;
using MarocAssistant.Conversation.Pipeline;
using MarocAssistant.Conversation.Privacy;

namespace MarocAssistant.Conversation.Transcripts;

/// <summary>
/// The last stage of the request path: after every turn, on any channel, appends the citizen's message and the
/// assistant's replies to the conversation's transcript as Bot Framework activities. Everything that can hold
/// personal data (texts, button titles and values, event values, user and conversation ids) goes through
/// <see cref="PersonalDataRedactor"/> here, before the store sees it: nothing unredacted is ever written.
/// </summary>
public sealed class TranscriptRecorder : ITurnObserver
{
    /// <summary>The bot's account in recorded activities (channels give the bot other ids; they do not matter here).</summary>
    public const string BotId = "maroc-assistant";

    private readonly ITranscriptStore _store;
    private readonly TimeProvider _time;

    public TranscriptRecorder(ITranscriptStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
    }

    public async ValueTask OnTurnAsync(IncomingMessage message, TurnResult result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(result);
        await _store.AppendAsync(new TranscriptKey(message.ChannelId, message.ConversationId), ToActivities(message, result, _time.GetUtcNow()), cancellationToken);
    }

    /// <summary>The turn as activities: the user's message, then each reply and event, all redacted.</summary>
    public static List<Activity> ToActivities(IncomingMessage message, TurnResult result, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(result);
        var timestamp = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var conversation = new ConversationAccount { Id = PersonalDataRedactor.Redact(message.ConversationId) };
        var user = new ChannelAccount { Id = PersonalDataRedactor.Redact(message.UserId), Role = "user" };
        var bot = new ChannelAccount { Id = BotId, Name = "MarocAssistant", Role = "bot" };
        var userActivity = new Activity
        {
            Type = ActivityTypes.Message,
            Id = NewId(),
            Timestamp = timestamp,
            ChannelId = message.ChannelId,
            From = user,
            Recipient = bot,
            Conversation = conversation,
            TextFormat = "plain",
            Locale = message.Locale,
            Text = PersonalDataRedactor.Redact(message.Text),
        };

        var activities = new List<Activity>(1 + result.Replies.Count) { userActivity };
        foreach (var reply in result.Replies)
        {
            var activity = FromBot(ActivityTypes.Message);
            activity.TextFormat = "plain";
            activity.Locale = ReplyChannelData.Locale(reply.Language);
            activity.Text = PersonalDataRedactor.Redact(reply.Text);
            activity.InputHint = reply.Actions.Count > 0 ? "expectingInput" : "acceptingInput";
            activity.SuggestedActions = reply.Actions.Count == 0 ? null : new SuggestedActions { Actions = reply.Actions.Select(ToCardAction).ToList() };
            activity.ChannelData = JsonSerializer.SerializeToElement(ReplyChannelData.For(reply, result), TranscriptJsonContext.Default.DictionaryStringString);
            activities.Add(activity);
        }

        foreach (var turnEvent in result.Events ?? [])
        {
            var activity = FromBot(ActivityTypes.Event);
            activity.Name = turnEvent.Name;
            activity.Value = JsonSerializer.SerializeToElement(PersonalDataRedactor.Redact(turnEvent.Value), TranscriptJsonContext.Default.String);
            activities.Add(activity);
        }

        return activities;

        // What every reply and event of the turn shares: the bot speaking to the user, in answer to the message.
        Activity FromBot(string type) => new()
        {
            Type = type,
            Id = NewId(),
            Timestamp = timestamp,
            ChannelId = message.ChannelId,
            From = bot,
            Recipient = user,
            Conversation = conversation,
            ReplyToId = userActivity.Id,
        };
    }

    private static CardAction ToCardAction(SuggestedAction action) => new()
    {
        Type = "imBack",
        Title = PersonalDataRedactor.Redact(action.Title),
        Value = JsonSerializer.SerializeToElement(PersonalDataRedactor.Redact(action.Value), TranscriptJsonContext.Default.String),
    };

    private static string NewId() => Guid.NewGuid().ToString("N");
}
