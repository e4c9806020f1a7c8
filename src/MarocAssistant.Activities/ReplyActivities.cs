using System.Collections.Concurrent;
using System.Text.Json;
using MarocAssistant.Composition;

namespace MarocAssistant.Activities;

/// <summary>
/// The one builder of a turn's reply activities: the channels build what they send with it and the transcript
/// recorder what it keeps, so both write the same fields. Each caller addresses the activity itself (ids,
/// accounts, timestamps differ between a channel and a transcript).
/// </summary>
public static class ReplyActivities
{
    /// <summary>
    /// Fills <paramref name="addressed"/> in as the message of <paramref name="reply"/>: text, locale, input hint,
    /// buttons and the <c>channelData</c> testers read. <paramref name="scrub"/> is applied to every text that may
    /// hold what the citizen typed (the recorder redacts there); <paramref name="buttonsFor"/> is the id the buttons
    /// are shown to, if any.
    /// </summary>
    public static Activity Message(
        Activity addressed, Reply reply, string? detected, string? outcome, Func<string, string>? scrub = null, string? buttonsFor = null)
    {
        ArgumentNullException.ThrowIfNull(addressed);
        ArgumentNullException.ThrowIfNull(reply);
        scrub ??= static text => text;
        addressed.Text = scrub(reply.Text);
        addressed.TextFormat = "plain";
        addressed.Locale = ReplyChannelData.Locale(reply.Language);
        addressed.InputHint = reply.Actions.Count > 0 ? "expectingInput" : "acceptingInput";
        if (reply.Actions.Count > 0)
        {
            var actions = new List<CardAction>(reply.Actions.Count);
            foreach (var action in reply.Actions)
            {
                var value = scrub(action.Value);
                actions.Add(new CardAction { Type = "imBack", Title = scrub(action.Title), Value = ButtonValue(value) });
            }

            addressed.SuggestedActions = new SuggestedActions { To = buttonsFor is null ? null : [buttonsFor], Actions = actions };
        }

        // Testers and the replay tool read what the assistant understood from here.
        addressed.ChannelData = JsonSerializer.SerializeToElement(ReplyChannelData.For(reply, detected, outcome), ActivityJsonContext.Default.DictionaryStringString);
        return addressed;
    }

    // Button values are the templates' and the records' texts ("Documents", a procedure's title): a few hundred strings,
    // each serialised once. Bounded all the same, should a value ever carry what someone typed.
    private const int MaxCachedButtonValues = 4096;
    private static readonly ConcurrentDictionary<string, JsonElement> ButtonValues = new(StringComparer.Ordinal);

    private static JsonElement ButtonValue(string value)
    {
        if (ButtonValues.TryGetValue(value, out var element))
        {
            return element;
        }

        element = JsonSerializer.SerializeToElement(value, ActivityJsonContext.Default.String);
        if (ButtonValues.Count < MaxCachedButtonValues)
        {
            ButtonValues.TryAdd(value, element);
        }

        return element;
    }

    /// <summary>Fills <paramref name="addressed"/> in as a named event (e.g. <c>handoff</c>) with a text value.</summary>
    public static Activity Event(Activity addressed, string name, string value)
    {
        ArgumentNullException.ThrowIfNull(addressed);
        addressed.Name = name;
        addressed.Value = JsonSerializer.SerializeToElement(value, ActivityJsonContext.Default.String);
        return addressed;
    }
}
