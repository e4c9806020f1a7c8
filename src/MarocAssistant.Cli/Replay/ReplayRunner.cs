using System.Diagnostics;

namespace MarocAssistant.Cli.Replay;

/// <summary>
/// Replays each case in a new conversation on the target, turn by turn, and checks every turn. A turn that cannot be
/// run (the host is down, no reply in time) fails its case and ends it; the other cases still run.
/// </summary>
internal sealed class ReplayRunner
{
    private readonly IReplayTarget _target;

    public ReplayRunner(IReplayTarget target)
    {
        _target = target;
    }

    /// <summary>Called after each case, for progress output.</summary>
    public Action<CaseReport>? CaseFinished { get; init; }

    public async Task<ReplayReport> RunAsync(IReadOnlyList<ReplayCase> cases, CancellationToken cancellationToken = default)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.GetTimestamp();
        var reports = new List<CaseReport>(cases.Count);
        foreach (var replayCase in cases)
        {
            var report = await RunCaseAsync(replayCase, cancellationToken);
            reports.Add(report);
            CaseFinished?.Invoke(report);
        }

        return new ReplayReport(reports, _target.Description, started, Stopwatch.GetElapsedTime(clock).TotalMilliseconds);
    }

    public async Task<CaseReport> RunCaseAsync(ReplayCase replayCase, CancellationToken cancellationToken = default)
    {
        if (replayCase.LoadError is { } loadError)
        {
            return new CaseReport(replayCase, [], 0, loadError);
        }

        var clock = Stopwatch.GetTimestamp();
        var turns = new List<TurnReport>();
        try
        {
            await using var conversation = await _target.StartAsync(cancellationToken);
            for (var i = 0; i < replayCase.Turns.Count; i++)
            {
                var turn = replayCase.Turns[i];
                ObservedTurn got;
                try
                {
                    got = turn.UserText is { } text
                        ? await conversation.SendAsync(text, cancellationToken)
                        : await conversation.WelcomeAsync(cancellationToken);
                }
                catch (Exception ex) when (ex is ReplayTargetException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    turns.Add(new TurnReport(i + 1, turn, null, [], ex.Message));
                    break;
                }

                turns.Add(new TurnReport(i + 1, turn, got, ReplayComparer.Check(turn.Expect, got)));
            }
        }
        catch (Exception ex) when (ex is ReplayTargetException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new CaseReport(replayCase, turns, Stopwatch.GetElapsedTime(clock).TotalMilliseconds, "cannot start a conversation: " + ex.Message);
        }

        return new CaseReport(replayCase, turns, Stopwatch.GetElapsedTime(clock).TotalMilliseconds);
    }
}
