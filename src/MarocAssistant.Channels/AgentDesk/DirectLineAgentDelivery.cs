using System.Globalization;
using MarocAssistant.Activities;
using MarocAssistant.Channels.DirectLine;
using MarocAssistant.Conversation.AgentDesk;
using MarocAssistant.Conversation.State;
using Microsoft.Extensions.Options;

namespace MarocAssistant.Channels.AgentDesk;

/// <summary>
/// An agent's message on Direct Line and the widget: appended to the conversation's activity log, so that the
/// citizen's stream (on whichever host, through the shared store) shows it at once. It comes from the agent, a person:
/// <c>from.role</c> is <c>agent</c> and <c>from.name</c> the agent's name, never the bot's account.
/// </summary>
public sealed class DirectLineAgentDelivery : IAgentDelivery
{
    private readonly IDirectLineStore _store;
    private readonly DirectLineOptions _options;
    private readonly TimeProvider _time;

    public DirectLineAgentDelivery(IDirectLineStore store, IOptions<DirectLineOptions> options, TimeProvider time)
    {
        _store = store;
        _options = options.Value;
        _time = time;
    }

    public bool Serves(string channel) => channel is DirectLineEndpoints.ChannelId or DirectLineEndpoints.WebChatChannelId;

    public async Task<bool> SendAsync(DeskEntry entry, AgentAccount? agent, string text, CancellationToken cancellationToken = default)
    {
        var activity = new Activity
        {
            Type = ActivityTypes.Message,
            ChannelId = entry.Channel,
            Conversation = new ConversationAccount { Id = entry.ConversationId },
            From = agent is null
                ? new ChannelAccount { Id = _options.BotId, Name = _options.BotName, Role = "bot" }
                : new ChannelAccount { Id = "agent:" + agent.User, Name = agent.DisplayName, Role = "agent" },
            Text = text,
            TextFormat = "plain",
            Timestamp = _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
        };
        return await _store.AppendAsync(entry.ConversationId, [activity], cancellationToken) is not null;
    }
}
