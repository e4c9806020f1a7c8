using MarocAssistant.Channels.BotFramework;
using MarocAssistant.Activities;
using MarocAssistant.Conversation.Pipeline;

namespace MarocAssistant.Channels;

/// <summary>
/// The bot for every activity-based channel (<c>/api/messages</c> and Direct Line): one turn pipeline and one activity
/// rendering (<see cref="ActivityMapper"/>), so that Web Chat and Botium see what Bot Framework channels see.
/// </summary>
public sealed class ActivityBot
{
    private readonly TurnPipeline _pipeline;
    private readonly UnsupportedInput _unsupported;

    public ActivityBot(TurnPipeline pipeline, UnsupportedInput unsupported)
    {
        _pipeline = pipeline;
        _unsupported = unsupported;
    }

    /// <summary>The bot's answers to a user's activity (none for typing, events and the like).</summary>
    public Task<List<Activity>> RespondAsync(Activity activity, CancellationToken cancellationToken = default) =>
        RespondAsync(activity, activity.ChannelId ?? "unknown", cancellationToken);

    /// <summary>
    /// The bot's answers, the conversation kept under <paramref name="channel"/>, the namespace of the adapter that
    /// accepted the activity (<see cref="ConversationChannels"/>); the replies still carry the activity's channelId.
    /// </summary>
    public async Task<List<Activity>> RespondAsync(Activity activity, string channel, CancellationToken cancellationToken = default)
    {
        if (activity.Type == ActivityTypes.ConversationUpdate && JoinedSomeoneElse(activity))
        {
            return [Welcome(activity)];
        }

        if (activity.Type != ActivityTypes.Message)
        {
            return [];
        }

        if (string.IsNullOrWhiteSpace(activity.MessageText()) && activity.Attachments?.Any(a => a is not null) == true)
        {
            return [ActivityMapper.ToActivity(_unsupported.Reply(), activity)];
        }

        var turn = await _pipeline.RunAsync(ActivityMapper.ToIncoming(activity, channel), cancellationToken);
        var replies = turn.Replies.Select(r => ActivityMapper.ToActivity(r, activity, turn)).ToList();
        replies.AddRange((turn.Events ?? []).Select(e => ActivityMapper.ToEvent(e, activity)));
        return replies;
    }

    /// <summary>The welcome for a conversation that just started; <paramref name="start"/> is addressed from the user to the bot.</summary>
    public Activity Welcome(Activity start) => ActivityMapper.ToActivity(_pipeline.Welcome(), start);

    /// <summary>
    /// A member other than the bot joined: the citizen opened the chat. JSON nulls and members without an id in the
    /// list (<c>"membersAdded": [null, {}]</c>) name no one and are passed over.
    /// </summary>
    private static bool JoinedSomeoneElse(Activity activity) =>
        activity.MembersAdded?.Any(m => m?.Id is { Length: > 0 } id && id != activity.Recipient?.Id) == true;
}
