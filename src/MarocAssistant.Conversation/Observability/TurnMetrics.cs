using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;

namespace MarocAssistant.Conversation.Observability;

/// <summary>
/// The assistant's metrics (meter <c>MarocAssistant</c>, from the host's <see cref="IMeterFactory"/>): turns by
/// channel, detected language and outcome; the whole turn's latency by channel and outcome; and each stage's latency.
/// Tag values come from closed sets (a channel id a client made up counts as <c>other</c>), so a caller cannot grow
/// the number of series.
/// </summary>
public sealed class TurnMetrics
{
    public const string MeterName = "MarocAssistant";

    /// <summary>Bucket bounds (seconds) for turn and stage latencies: a turn without an LLM takes well under a millisecond.</summary>
    public static readonly IReadOnlyList<double> LatencyBuckets =
        [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private static readonly HashSet<string> KnownChannels = new(StringComparer.Ordinal)
    {
        "directline", "webchat", "emulator", "whatsapp", "msteams", "slack", "telegram", "facebook", "cli", "test", "replay",
        "bf-directline", "bf-webchat", "bf-whatsapp",
    };

    private readonly Counter<long> _turns;
    private readonly Histogram<double> _turnDuration;
    private readonly Histogram<double> _stageDuration;

    public TurnMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        var advice = new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets };
        _turns = meter.CreateCounter<long>("maroc.turns", "{turn}", "Turns answered, by channel, detected language and outcome.");
        _turnDuration = meter.CreateHistogram("maroc.turn.duration", "s", "Time to answer one turn, from the message to the replies, by channel and outcome.", advice: advice);
        _stageDuration = meter.CreateHistogram("maroc.stage.duration", "s", "Time spent in one stage of a turn (language, understand, retrieve, compose, state).", advice: advice);
    }

    /// <summary>The tag value for a channel id: itself when known, <c>other</c> otherwise.</summary>
    public static string Channel(string channelId) => KnownChannels.Contains(channelId) ? channelId : "other";

    public void RecordTurn(string channelId, string language, string outcome, TimeSpan elapsed)
    {
        var channel = new KeyValuePair<string, object?>("channel", Channel(channelId));
        var result = new KeyValuePair<string, object?>("outcome", outcome);
        _turns.Add(1, channel, new KeyValuePair<string, object?>("language", language), result);
        _turnDuration.Record(elapsed.TotalSeconds, channel, result);
    }

    /// <summary>Records a stage that started at <paramref name="startTimestamp"/> (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public void RecordStage(string stage, long startTimestamp) =>
        _stageDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, new KeyValuePair<string, object?>("stage", stage));

    /// <summary>
    /// Starts timing <paramref name="stage"/> (and its activity, when someone listens); disposing the result records
    /// <c>maroc.stage.duration</c> and ends the activity.
    /// </summary>
    public StageTimer StartStage(string stage) =>
        new(this, stage, Stopwatch.GetTimestamp(), TurnTracing.Source.HasListeners() ? TurnTracing.Source.StartActivity(TurnTracing.StageActivityName(stage)) : null);
}

/// <summary>One stage being timed: a struct, so that timing a stage allocates nothing while nobody traces.</summary>
public readonly struct StageTimer : IDisposable
{
    private readonly TurnMetrics _metrics;
    private readonly string _stage;
    private readonly long _started;
    private readonly Activity? _activity;

    internal StageTimer(TurnMetrics metrics, string stage, long started, Activity? activity)
    {
        _metrics = metrics;
        _stage = stage;
        _started = started;
        _activity = activity;
    }

    public void Dispose()
    {
        _metrics.RecordStage(_stage, _started);
        _activity?.Dispose();
    }
}

/// <summary>The turn id every log line of a turn carries (a logging scope), so that one turn's lines can be found together.</summary>
public static partial class TurnLog
{
    private static readonly Func<ILogger, string, IDisposable?> Scope = LoggerMessage.DefineScope<string>("Turn {TurnId}");

    /// <summary>
    /// A short random id, unique enough to group one turn's lines; it says nothing about the citizen. Sixteen letters
    /// (64 random bits, a–p for each half-byte) and no digit: hex ids were at times taken for a phone or card number by
    /// the log's redaction, which then broke the grouping, and a text without digits skips the number patterns.
    /// </summary>
    public static string NewTurnId()
    {
        var bits = (ulong)Random.Shared.NextInt64() ^ ((ulong)Random.Shared.Next() << 63);
        return string.Create(16, bits, static (chars, value) =>
        {
            for (var i = chars.Length - 1; i >= 0; i--, value >>= 4)
            {
                chars[i] = (char)('a' + (int)(value & 0xF));
            }
        });
    }

    /// <summary>Begins the scope <c>TurnId</c> on <paramref name="logger"/>'s factory: every logger of it sees it until disposed.</summary>
    public static IDisposable? BeginTurn(ILogger logger) => Scope(logger, NewTurnId());
}
