using System.Diagnostics;
using MarocAssistant.Composition;
using MarocAssistant.Conversation.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace MarocAssistant.Cli.Replay;

/// <summary>
/// Replays against the turn pipeline in this process, built as the host builds it (<see cref="CliServices"/>).
/// One warm-up turn runs before the first conversation, so that <c>max_ms</c> measures turns, not start-up
/// (loading the corpus, the index and the models).
/// </summary>
internal sealed class InProcessReplayTarget : IReplayTarget
{
    public const string ChannelId = "replay";

    private readonly ServiceProvider? _owned;
    private readonly TurnPipeline _pipeline;
    private bool _warm;

    public InProcessReplayTarget(TurnPipeline pipeline, ServiceProvider? owned = null)
    {
        _pipeline = pipeline;
        _owned = owned;
    }

    public static InProcessReplayTarget Create()
    {
        var services = CliServices.Build();
        return new InProcessReplayTarget(services.GetRequiredService<TurnPipeline>(), services);
    }

    public string Description => "in process";

    public async Task<IReplayConversation> StartAsync(CancellationToken cancellationToken = default)
    {
        if (!_warm)
        {
            await _pipeline.RunAsync(new IncomingMessage(ChannelId, "warm-up-" + Guid.NewGuid().ToString("N"), "replay-user", "salam"), cancellationToken);
            _warm = true;
        }

        return new Conversation(_pipeline, "replay-" + Guid.NewGuid().ToString("N"));
    }

    public ValueTask DisposeAsync() => _owned?.DisposeAsync() ?? ValueTask.CompletedTask;

    /// <summary>What a turn result looks like to the comparer: one reply per message, then one per event.</summary>
    public static ObservedTurn Observe(TurnResult? turn, IEnumerable<Reply> replies, double elapsedMs)
    {
        var observed = replies.Select(r => new ObservedReply(
            "message",
            r.Text,
            r.Actions.Select(a => new ObservedButton(a.Title, a.Value)).ToList(),
            Language: r.Language,
            Detected: turn?.Detected.Label,
            Procedure: r.ProcedureId ?? turn?.ProcedureId,
            Outcome: turn?.Outcome)).ToList();
        observed.AddRange((turn?.Events ?? []).Select(e => new ObservedReply("event", null, [], EventName: e.Name, Outcome: turn?.Outcome)));
        return new ObservedTurn(observed, elapsedMs);
    }

    private sealed class Conversation : IReplayConversation
    {
        private readonly TurnPipeline _pipeline;
        private readonly string _id;

        public Conversation(TurnPipeline pipeline, string id)
        {
            _pipeline = pipeline;
            _id = id;
        }

        public async Task<ObservedTurn> WelcomeAsync(CancellationToken cancellationToken = default)
        {
            var turn = await _pipeline.RunAsync(new IncomingMessage(ChannelId, _id, "replay-user", "", Kind: IncomingKind.ConversationStart), cancellationToken);
            return Observe(null, turn.Replies, 0);
        }

        public async Task<ObservedTurn> SendAsync(string text, CancellationToken cancellationToken = default)
        {
            var started = Stopwatch.GetTimestamp();
            var turn = await _pipeline.RunAsync(new IncomingMessage(ChannelId, _id, "replay-user", text), cancellationToken);
            return Observe(turn, turn.Replies, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
