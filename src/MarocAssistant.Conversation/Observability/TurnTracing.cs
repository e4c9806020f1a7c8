using System.Diagnostics;

namespace MarocAssistant.Conversation.Observability;

/// <summary>
/// The assistant's traces (activity source <c>MarocAssistant</c>): one activity per turn (<c>maroc.turn</c>) and one per
/// measured stage (<c>maroc.stage.language</c>, …) below it. <see cref="ActivitySource.StartActivity(string, ActivityKind)"/>
/// returns null while nobody listens (no tracer provider, no listener), so a turn then costs a null check. Tags are
/// the same closed sets as the metrics' (channel, language, outcome, procedure id): never a message, an id or a number
/// a citizen sent.
/// </summary>
public static class TurnTracing
{
    public const string SourceName = "MarocAssistant";

    public const string TurnActivityName = "maroc.turn";

    internal static readonly ActivitySource Source = new(SourceName, typeof(TurnTracing).Assembly.GetName().Version?.ToString());

    /// <summary>Starts the turn's activity, or returns null when no one listens.</summary>
    public static Activity? StartTurn() => Source.StartActivity(TurnActivityName, ActivityKind.Internal);

    /// <summary>Tags the turn's activity with what the metrics count; an error outcome names the exception's type only.</summary>
    public static void EndTurn(Activity? activity, string channelId, string language, string outcome, string? procedureId, Exception? error = null)
    {
        if (activity is null || !activity.IsAllDataRequested)
        {
            return;
        }

        activity.SetTag("maroc.channel", TurnMetrics.Channel(channelId));
        activity.SetTag("maroc.language", language);
        activity.SetTag("maroc.outcome", outcome);
        if (procedureId is not null)
        {
            activity.SetTag("maroc.procedure", procedureId);
        }

        if (error is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
        }
    }

    /// <summary>The activity name of a stage: constants, so that a traced stage allocates no name.</summary>
    internal static string StageActivityName(string stage) => stage switch
    {
        "language" => "maroc.stage.language",
        "understand" => "maroc.stage.understand",
        "retrieve" => "maroc.stage.retrieve",
        "compose" => "maroc.stage.compose",
        "state" => "maroc.stage.state",
        _ => "maroc.stage",
    };
}
