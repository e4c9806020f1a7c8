namespace MarocAssistant.Conversation.Pipeline;

/// <summary>A citizen's message, as every channel hands it to the turn pipeline.</summary>
/// <param name="ChannelId">Where it came from: <c>emulator</c>, <c>webchat</c>, <c>directline</c>, <c>whatsapp</c>, <c>cli</c>...</param>
/// <param name="ConversationId">The channel's conversation id; state is kept per conversation.</param>
/// <param name="UserId">The channel's user id.</param>
/// <param name="Text">What the citizen wrote (or the value of the button they pressed).</param>
/// <param name="Locale">The client's locale when the channel gives one (a hint only: the text decides the language).</param>
/// <param name="Kind">A written message, the start of a conversation (the welcome) or something without text (voice, image...).</param>
public sealed record IncomingMessage(
    string ChannelId,
    string ConversationId,
    string UserId,
    string Text,
    string? Locale = null,
    IncomingKind Kind = IncomingKind.Text);

/// <summary>What the channel received: every kind goes through the pipeline, so every reply is recorded and counted.</summary>
public enum IncomingKind
{
    /// <summary>A written message or a pressed button's value.</summary>
    Text,

    /// <summary>The citizen opened the conversation (a channel's <c>conversationUpdate</c>): the welcome.</summary>
    ConversationStart,

    /// <summary>Something the assistant cannot read (voice note, image, sticker, location, file).</summary>
    Unsupported,
}
