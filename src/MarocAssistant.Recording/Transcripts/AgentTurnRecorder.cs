using System.Globalization;
using MarocAssistant.Activities;
using MarocAssistant.Conversation.AgentDesk;
using MarocAssistant.Conversation.Privacy;

namespace MarocAssistant.Recording.Transcripts;

/// <summary>
/// An agent's message in the conversation's transcript: a message activity from <c>role: agent</c>, id
/// <c>agent:&lt;user&gt;</c> and the agent's name, to the citizen; everything redacted like the rest of the transcript.
/// </summary>
public sealed class AgentTurnRecorder : IAgentTurnRecorder
{
    private readonly ITranscriptStore _store;

    public AgentTurnRecorder(ITranscriptStore store)
    {
        _store = store;
    }

    public async ValueTask RecordAsync(DeskEntry entry, AgentAccount agent, string redactedText, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(agent);
        var activity = new Activity
        {
            Type = ActivityTypes.Message,
            Id = Guid.NewGuid().ToString("N"),
            Timestamp = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ChannelId = entry.Channel,
            From = new ChannelAccount { Id = "agent:" + PersonalDataRedactor.Redact(agent.User), Name = PersonalDataRedactor.Redact(agent.DisplayName), Role = "agent" },
            Recipient = new ChannelAccount { Role = "user" },
            Conversation = new ConversationAccount { Id = PersonalDataRedactor.Redact(entry.ConversationId) },
            TextFormat = "plain",
            Text = PersonalDataRedactor.Redact(redactedText),
        };
        await _store.AppendAsync(new TranscriptKey(entry.Channel, entry.ConversationId), [activity], cancellationToken);
    }
}
