using MarocAssistant.Composition.Answers;
using MarocAssistant.Conversation.Pipeline;
using MarocAssistant.Conversation.State;
using MarocAssistant.Retrieval.Corpus;
using Microsoft.Extensions.DependencyInjection;

namespace MarocAssistant.Conversation.Tests.Pipeline;

/// <summary>The welcome and the "what I read" reply go through the pipeline: observed (transcripts, feedback) like any turn.</summary>
public sealed class TurnPipelineWithoutTextTests
{
    [Fact]
    public async Task RunAsync_ConversationStart_WelcomesInEveryLanguageAndIsObserved()
    {
        var observer = new RecordingObserver();
        using var services = PipelineFactory.Services(s => s.AddSingleton<ITurnObserver>(observer));
        var templates = services.GetRequiredService<TemplateAnswerComposer>().Templates;

        var turn = await services.GetRequiredService<TurnPipeline>().RunAsync(
            new IncomingMessage("test", "c1", "u1", "", Kind: IncomingKind.ConversationStart), TestContext.Current.CancellationToken);

        Assert.Equal("welcome", turn.Outcome);
        Assert.Equal(OutcomeKind.SmallTalk, OutcomeKinds.Of(turn.Outcome));
        var reply = Assert.Single(turn.Replies);
        Assert.Equal(
            string.Join("\n\n", new[] { RecordLanguage.AryLatn, RecordLanguage.Ary, RecordLanguage.Fr, RecordLanguage.Ar }.Select(l => templates.Get(l, "welcome"))),
            reply.Text);
        var (message, result) = Assert.Single(observer.Turns);
        Assert.Equal(IncomingKind.ConversationStart, message.Kind);
        Assert.Same(turn, result);
    }

    [Fact]
    public async Task RunAsync_Unsupported_SaysWhatItReadsAndLeavesStateAlone()
    {
        var observer = new RecordingObserver();
        using var services = PipelineFactory.Services(s => s.AddSingleton<ITurnObserver>(observer));
        var templates = services.GetRequiredService<TemplateAnswerComposer>().Templates;
        var pipeline = services.GetRequiredService<TurnPipeline>();
        var cancellationToken = TestContext.Current.CancellationToken;

        var turn = await pipeline.RunAsync(new IncomingMessage("test", "c1", "u1", "", Kind: IncomingKind.Unsupported), cancellationToken);

        Assert.Equal("unsupported-input", turn.Outcome);
        Assert.Equal(OutcomeKind.OutOfScope, OutcomeKinds.Of(turn.Outcome));
        Assert.Equal(
            string.Join("\n\n", new[] { RecordLanguage.AryLatn, RecordLanguage.Ary, RecordLanguage.Fr, RecordLanguage.Ar }.Select(l => templates.Get(l, "unsupported_media"))),
            Assert.Single(turn.Replies).Text);
        Assert.Single(observer.Turns);
        Assert.Null(await services.GetRequiredService<IConversationStore>().GetAsync(TurnPipeline.StateKey("test", "c1"), cancellationToken));
    }

    private sealed class RecordingObserver : ITurnObserver
    {
        public List<(IncomingMessage Message, TurnResult Result)> Turns { get; } = [];

        public ValueTask OnTurnAsync(IncomingMessage message, TurnResult result, CancellationToken cancellationToken = default)
        {
            Turns.Add((message, result));
            return ValueTask.CompletedTask;
        }
    }
}
