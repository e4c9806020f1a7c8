using System.Globalization;
using MarocAssistant.Activities;
using MarocAssistant.Conversation.Pipeline;
using MarocAssistant.Conversation.Privacy;

namespace MarocAssistant.Recording.Transcripts;

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
            activities.Add(ReplyActivities.Message(FromBot(ActivityTypes.Message), reply, result.Detected.Label, result.Outcome, PersonalDataRedactor.Redact));
        }

        foreach (var turnEvent in result.Events ?? [])
        {
            activities.Add(ReplyActivities.Event(FromBot(ActivityTypes.Event), turnEvent.Name, PersonalDataRedactor.Redact(turnEvent.Value)));
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

    private static string NewId() => Guid.NewGuid().ToString("N");
}
