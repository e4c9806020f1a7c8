using System.Text.Json;
using MarocAssistant.Activities;
using MarocAssistant.Recording.Transcripts;

namespace MarocAssistant.Cli.Replay;

/// <summary>
/// Turns a Bot Framework <c>.transcript</c> (the Emulator's or our recorder's) into a replay case: each user message
/// becomes a turn, and the bot activities that follow it, up to the next user message, are the expected replies.
/// Bot messages before the first user message are the welcome, checked against the conversation's start.
/// conversationUpdate, typing and trace activities are neither replayed nor compared.
/// </summary>
internal static class TranscriptCaseLoader
{
    public static ReplayCase Load(string path)
    {
        List<Activity> activities;
        try
        {
            activities = TranscriptFile.Parse(File.ReadAllBytes(path));
        }
        catch (Exception ex) when (ex is JsonException or IOException)
        {
            return ReplayCase.Broken(path, "cannot read the transcript: " + ex.Message);
        }

        return FromActivities(Path.GetFileName(path), path, activities);
    }

    public static ReplayCase FromActivities(string name, string source, IReadOnlyList<Activity> activities)
    {
        var botIds = BotIds(activities);
        var turns = new List<ReplayTurn>();
        string? userText = null;
        var started = false;
        var replies = new List<ExpectedReply>();

        void Close()
        {
            if (userText is not null || (!started && replies.Count > 0))
            {
                turns.Add(new ReplayTurn(userText, new TurnExpectation { Replies = replies.ToList() }));
            }

            replies.Clear();
        }

        foreach (var activity in activities)
        {
            if (IsFromUser(activity, botIds))
            {
                if (activity.IsMessage && activity.MessageText() is { } text)
                {
                    Close();
                    userText = text;
                    started = true;
                }

                continue;
            }

            if (activity.IsMessage || string.Equals(activity.Type, "event", StringComparison.OrdinalIgnoreCase))
            {
                replies.Add(ToExpected(activity));
            }
        }

        Close();
        return turns.Count == 0
            ? ReplayCase.Broken(source, "the transcript has no user message to replay")
            : new ReplayCase(name, source, ReplaySourceKind.Transcript, turns);
    }

    private static ExpectedReply ToExpected(Activity activity) => new(
        activity.IsMessage ? "message" : "event",
        activity.Text,
        activity.SuggestedActions?.Actions.Select(a => a.Title ?? a.ValueText() ?? "").ToList() ?? [],
        activity.IsMessage ? null : activity.Name,
        activity.ChannelDataString("language"),
        activity.ChannelDataString("procedure"),
        activity.ChannelDataString("outcome"));

    /// <summary>The bot's ids: senders with role bot, and recipients of user messages.</summary>
    private static HashSet<string> BotIds(IReadOnlyList<Activity> activities)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var a in activities)
        {
            if (string.Equals(a.From?.Role, "bot", StringComparison.OrdinalIgnoreCase) && a.From?.Id is { } from)
            {
                ids.Add(from);
            }

            if (string.Equals(a.From?.Role, "user", StringComparison.OrdinalIgnoreCase) && a.Recipient?.Id is { } to)
            {
                ids.Add(to);
            }
        }

        return ids;
    }

    private static bool IsFromUser(Activity activity, HashSet<string> botIds) =>
        activity.From?.Role is { } role
            ? string.Equals(role, "user", StringComparison.OrdinalIgnoreCase)
            : activity.From?.Id is { } id && !botIds.Contains(id);
}
