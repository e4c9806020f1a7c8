using MarocAssistant.Channels.BotFramework;
using MarocAssistant.Conversation.Pipeline;

namespace MarocAssistant.Channels.DirectLine;

/// <summary>
/// The bot behind the Direct Line endpoint: the same turn pipeline and the same activity rendering
/// (<see cref="ActivityMapper"/>) as <c>/api/messages</c>, so that Web Chat and Botium see what Bot Framework channels see.
/// </summary>
public sealed class DirectLineBot
{
    private readonly TurnPipeline _pipeline;
    private readonly UnsupportedInput _unsupported;

    public DirectLineBot(TurnPipeline pipeline, UnsupportedInput unsupported)
    {
        _pipeline = pipeline;
        _unsupported = unsupported;
    }

    /// <summary>The bot's answers to a user's activity (none for typing, events and the like).</summary>
    public async Task<List<Activity>> RespondAsync(Activity activity, CancellationToken cancellationToken = default)
    {
        if (activity.Type != ActivityTypes.Message)
        {
            return [];
        }

        if (string.IsNullOrWhiteSpace(ActivityMapper.MessageText(activity)) && activity.Attachments is { Count: > 0 })
        {
            return [ActivityMapper.ToActivity(_unsupported.Reply(), activity)];
        }

        var turn = await _pipeline.RunAsync(ActivityMapper.ToIncoming(activity), cancellationToken);
        var replies = turn.Replies.Select(r => ActivityMapper.ToActivity(r, activity, turn)).ToList();
        replies.AddRange((turn.Events ?? []).Select(e => ActivityMapper.ToEvent(e, activity)));
        return replies;
    }

    /// <summary>The welcome for a conversation that just started; <paramref name="start"/> is addressed from the user to the bot.</summary>
    public Activity Welcome(Activity start) => ActivityMapper.ToActivity(_pipeline.Welcome(), start);
}
