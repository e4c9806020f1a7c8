using MarocAssistant.Activities;
using MarocAssistant.Channels.Rendering;
using MarocAssistant.Composition;
using MarocAssistant.Conversation.Pipeline;

namespace MarocAssistant.Channels.BotFramework;

/// <summary>Turns activities into pipeline messages and pipeline replies back into activities.</summary>
public static class ActivityMapper
{
    public static IncomingMessage ToIncoming(Activity activity) => ToIncoming(activity, activity.ChannelId ?? "unknown");

    /// <summary>The pipeline message, kept under <paramref name="channel"/> (see <see cref="ConversationChannels"/>).</summary>
    public static IncomingMessage ToIncoming(Activity activity, string channel) => new(
        channel,
        activity.Conversation?.Id ?? "",
        activity.From?.Id ?? "",
        activity.MessageText() ?? "",
        activity.Locale);

    /// <summary>A reply activity addressed back to the sender of <paramref name="incoming"/>.</summary>
    public static Activity ToActivity(Reply reply, Activity incoming, TurnResult? turn = null)
    {
        var activity = ReplyActivities.Message(ReplyShell(incoming, ActivityTypes.Message), reply, turn?.Detected.Label, turn?.Outcome, buttonsFor: incoming.From?.Id);

        // Markdown, so that Web Chat and the Emulator show links that can be tapped; transcripts keep the plain text.
        activity.Text = WebChatMarkdown.Render(reply);
        activity.TextFormat = WebChatMarkdown.TextFormat;
        return activity;
    }

    /// <summary>An event activity for the channel (e.g. <c>handoff</c>).</summary>
    public static Activity ToEvent(TurnEvent turnEvent, Activity incoming) =>
        ReplyActivities.Event(ReplyShell(incoming, ActivityTypes.Event), turnEvent.Name, turnEvent.Value);

    private static Activity ReplyShell(Activity incoming, string type) => new()
    {
        Type = type,
        ChannelId = incoming.ChannelId,
        ServiceUrl = incoming.ServiceUrl,
        Conversation = incoming.Conversation is null ? null : new ConversationAccount { Id = incoming.Conversation.Id },
        From = incoming.Recipient is null ? null : new ChannelAccount { Id = incoming.Recipient.Id, Name = incoming.Recipient.Name, Role = "bot" },
        Recipient = incoming.From is null ? null : new ChannelAccount { Id = incoming.From.Id, Name = incoming.From.Name, Role = incoming.From.Role },
        ReplyToId = incoming.Id,
    };

    /// <summary>The locale tag of a reply language (BCP 47, with the script for Darija).</summary>
    public static string Locale(string replyLanguage) => ReplyChannelData.Locale(replyLanguage);
}
