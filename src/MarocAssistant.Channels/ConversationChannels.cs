using MarocAssistant.Channels.BotFramework;
using MarocAssistant.Channels.DirectLine;
using MarocAssistant.Channels.WhatsApp;
using MarocAssistant.Activities;

namespace MarocAssistant.Channels;

/// <summary>
/// Under which channel a conversation's state, transcript and feedback are kept: the adapter that accepted the
/// request decides, never the <c>channelId</c> a client wrote. The WhatsApp webhook (signed by Meta) keeps
/// <c>whatsapp</c>; the host's Direct Line keeps <c>directline</c> and <c>webchat</c>; a Bot Framework request keeps the
/// channel its token was checked against (endorsements, <c>serviceurl</c>), prefixed <c>bf-</c> when that name is one of
/// the host's own adapters; an anonymous <c>/api/messages</c> (no app id: Emulator mode) lives under <c>emulator</c>
/// whatever channel it claims.
/// </summary>
public static class ConversationChannels
{
    /// <summary>The namespace of every anonymous <c>/api/messages</c> request.</summary>
    public const string Anonymous = "emulator";

    /// <summary>The prefix of a verified Bot Framework channel whose name one of the host's own adapters uses.</summary>
    public const string BotFrameworkPrefix = "bf-";

    /// <summary>The channel names of the host's own adapters, which no other adapter may use.</summary>
    public static IReadOnlySet<string> OwnAdapters { get; } =
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { WhatsAppProcessor.ChannelId, DirectLineEndpoints.ChannelId, DirectLineEndpoints.WebChatChannelId };

    /// <summary>
    /// The namespace of a <c>/api/messages</c> activity: <see cref="Anonymous"/> without authentication, otherwise its
    /// channel as the token was checked against (see <see cref="AuthResult.CheckActivity"/>).
    /// </summary>
    public static string OfBotFramework(AuthResult auth, Activity activity)
    {
        if (auth.Identity is null)
        {
            return Anonymous;
        }

        var channel = string.IsNullOrWhiteSpace(activity.ChannelId) ? "unknown" : activity.ChannelId.ToLowerInvariant();
        return OwnAdapters.Contains(channel) ? BotFrameworkPrefix + channel : channel;
    }
}
