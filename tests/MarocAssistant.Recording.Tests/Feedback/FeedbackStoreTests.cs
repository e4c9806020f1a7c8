using MarocAssistant.Recording;
using MarocAssistant.Recording.Feedback;
using MarocAssistant.Recording.Privacy;
using MarocAssistant.Conversation.Pipeline;
using MarocAssistant.Conversation.Tests.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MarocAssistant.Recording.Tests.Feedback;

public sealed class FeedbackStoreTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), "maroc-feedback-" + Guid.NewGuid().ToString("N") + ".jsonl");

    public void Dispose() => File.Delete(_file);

    [Fact]
    public async Task OnTurn_ThumbsAfterAnswers_AreCountedPerProcedureAndLanguage()
    {
        using var services = PipelineFactory.Services(s => s.AddFeedback(new ConfigurationBuilder().Build()).Configure<FeedbackOptions>(o => o.Path = _file));
        var pipeline = services.GetRequiredService<TurnPipeline>();

        await pipeline.RunAsync(PipelineFactory.Message("bghit ndir lakart awel mra", "a"), TestContext.Current.CancellationToken);
        await pipeline.RunAsync(PipelineFactory.Message("👎", "a"), TestContext.Current.CancellationToken);
        await pipeline.RunAsync(PipelineFactory.Message("je veux renouveler mon passeport", "b"), TestContext.Current.CancellationToken);
        await pipeline.RunAsync(PipelineFactory.Message("👍", "b"), TestContext.Current.CancellationToken);

        var report = FeedbackReport.Build(FeedbackStore.Read(_file));
        Assert.Contains(("cnie-first", "ary-Latn", 0, 1), report.Ratings);
        Assert.Contains(("passport-renewal", "fr", 1, 0), report.Ratings);
    }

    [Fact]
    public async Task OnTurn_UnansweredQuestion_IsKeptRedacted()
    {
        using var services = PipelineFactory.Services(s => s.AddFeedback(new ConfigurationBuilder().Build()).Configure<FeedbackOptions>(o => o.Path = _file));
        var pipeline = services.GetRequiredService<TurnPipeline>();

        await pipeline.RunAsync(PipelineFactory.Message("ana AB123456 w numero dyali 0612345678 chkoun rbe7 lmatch", "c"), TestContext.Current.CancellationToken);

        var stored = File.ReadAllText(_file);
        Assert.DoesNotContain("AB123456", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("0612345678", stored, StringComparison.Ordinal);
        var unanswered = Assert.Single(FeedbackReport.Build(FeedbackStore.Read(_file)).Unanswered);
        Assert.Contains("lmatch", unanswered.Question, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnTurn_HandOffs_AreCountedPerProcedure()
    {
        using var services = PipelineFactory.Services(s => s.AddFeedback(new ConfigurationBuilder().Build()).Configure<FeedbackOptions>(o => o.Path = _file));
        var pipeline = services.GetRequiredService<TurnPipeline>();

        await pipeline.RunAsync(PipelineFactory.Message("bghit ndir lbasbor awel mra", "h1"), TestContext.Current.CancellationToken);
        await pipeline.RunAsync(PipelineFactory.Message("bghit nhder m3a chi wa7ed", "h1"), TestContext.Current.CancellationToken);
        await pipeline.RunAsync(PipelineFactory.Message("je veux parler à un agent", "h2"), TestContext.Current.CancellationToken);

        var report = FeedbackReport.Build(FeedbackStore.Read(_file));
        Assert.Contains(("passport-first", 1), report.Handoffs);
        Assert.Contains(("-", 1), report.Handoffs);
    }

    [Fact]
    public async Task Erase_Conversation_RemovesItsEventsFromMemoryAndFile()
    {
        using var services = PipelineFactory.Services(s => s.AddFeedback(new ConfigurationBuilder().Build()).Configure<FeedbackOptions>(o => o.Path = _file));
        var pipeline = services.GetRequiredService<TurnPipeline>();
        var store = services.GetRequiredService<FeedbackStore>();
        await pipeline.RunAsync(PipelineFactory.Message("chkoun rbe7 lmatch", "gone"), TestContext.Current.CancellationToken);
        await pipeline.RunAsync(PipelineFactory.Message("wach ghadi tchta", "kept"), TestContext.Current.CancellationToken);

        var erased = await store.EraseAsync(new ConversationErasureRequest("gone", ["test"]), TestContext.Current.CancellationToken);

        Assert.True(erased);
        Assert.Single(store.Events);
        Assert.Single(FeedbackStore.Read(_file));
        Assert.Equal(FeedbackStore.Hash("test", "kept"), store.Events[0].ConversationHash);
    }
}
