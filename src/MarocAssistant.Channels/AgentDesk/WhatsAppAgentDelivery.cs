using MarocAssistant.Channels.WhatsApp;
using MarocAssistant.Composition;
using MarocAssistant.Conversation.AgentDesk;

namespace MarocAssistant.Channels.AgentDesk;

/// <summary>
/// An agent's message on WhatsApp, through the Graph API like the assistant's replies. WhatsApp shows every message as
/// the business number's, so the agent's name leads the text. The 24-hour window is checked by the desk before.
/// </summary>
public sealed class WhatsAppAgentDelivery : IAgentDelivery
{
    private readonly WhatsAppGraphClient _graph;

    public WhatsAppAgentDelivery(WhatsAppGraphClient graph)
    {
        _graph = graph;
    }

    public bool Serves(string channel) => channel == WhatsAppProcessor.ChannelId;

    public async Task<bool> SendAsync(DeskEntry entry, AgentAccount? agent, string text, CancellationToken cancellationToken = default)
    {
        // The conversation id is the citizen's business-scoped user id, or their number (wa_id, digits only) when they have none.
        var recipient = entry.ConversationId.All(char.IsAsciiDigit)
            ? new WhatsAppRecipient(entry.ConversationId, null)
            : new WhatsAppRecipient(null, entry.ConversationId);
        var body = agent is null ? text : $"*{agent.DisplayName}*\n{text}";
        foreach (var message in WhatsAppMessageBuilder.Build(new Reply(body, entry.Language, ReplyKind.SmallTalk, []), recipient))
        {
            if (!await _graph.SendAsync(message, cancellationToken))
            {
                return false;
            }
        }

        return true;
    }
}
