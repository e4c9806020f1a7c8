using MarocAssistant.Composition;
using MarocAssistant.Composition.Answers;
using MarocAssistant.Conversation.Pipeline;
using MarocAssistant.Language.Detection;
using MarocAssistant.Retrieval.Search;
using Microsoft.Extensions.DependencyInjection;

namespace MarocAssistant.Conversation.Tests.Pipeline;

public sealed class TurnPipelineTests
{
    [Theory]
    [InlineData("salam", "ary-Latn")]
    [InlineData("bonjour", "fr")]
    [InlineData("السلام عليكم", "arb")]
    public async Task RunAsync_Greeting_RepliesSmallTalkInThatLanguage(string text, string language)
    {
        using var services = PipelineFactory.Services();
        var pipeline = services.GetRequiredService<TurnPipeline>();

        var turn = await pipeline.RunAsync(PipelineFactory.Message(text), TestContext.Current.CancellationToken);

        Assert.Equal("small-talk", turn.Outcome);
        var reply = Assert.Single(turn.Replies);
        Assert.Equal(ReplyKind.SmallTalk, reply.Kind);
        Assert.Equal(language, reply.Language);
    }

    [Theory]
    [InlineData("allo, il y a quelqu'un ?", "Parler à un agent")]
    [InlineData("is anyone there?", "Talk to an agent")]
    public async Task RunAsync_IsAnyoneThere_SaysItIsHereWithAnAgentButton(string text, string button)
    {
        using var services = PipelineFactory.Services();
        var pipeline = services.GetRequiredService<TurnPipeline>();

        var turn = await pipeline.RunAsync(PipelineFactory.Message(text), TestContext.Current.CancellationToken);

        Assert.Equal("small-talk", turn.Outcome);
        Assert.Contains(Assert.Single(turn.Replies).Actions, a => a.Title == button);
    }

    [Fact]
    public async Task RunAsync_DarijaLatinQuestion_AnswersFromRecordInDarijaLatinWithSource()
    {
        using var services = PipelineFactory.Services();
        var pipeline = services.GetRequiredService<TurnPipeline>();

        var turn = await pipeline.RunAsync(PipelineFactory.Message("bghit ndir lakart awel mra"), TestContext.Current.CancellationToken);

        Assert.Equal("answer", turn.Outcome);
        Assert.Equal("cnie-first", turn.ProcedureId);
        var reply = Assert.Single(turn.Replies);
        Assert.Equal(LanguageLabels.DarijaLatin, reply.Language);
        Assert.Contains("75 dh", reply.Text, StringComparison.Ordinal);
        Assert.Contains("https://www.cnie.ma", reply.Text, StringComparison.Ordinal);
        Assert.NotNull(reply.Citation);
        var source = reply.Text.TrimEnd().Split('\n')[^1];
        Assert.StartsWith("Lmasdar: ", source, StringComparison.Ordinal);
        // Issue 18: the short source line names the site; the full address comes with the sources button.
        Assert.StartsWith("Lmasdar: " + TemplateAnswerComposer.SiteName(reply.Citation.Url) + " (", source, StringComparison.Ordinal);
        Assert.Contains(reply.Actions, a => a.Title == "Lmasadir");
    }

    [Fact]
    public async Task RunAsync_NothingRelevant_SaysWhatItCanHelpWith()
    {
        using var services = PipelineFactory.Services();
        var pipeline = services.GetRequiredService<TurnPipeline>();

        var turn = await pipeline.RunAsync(PipelineFactory.Message("quelle est la recette du tajine aux pruneaux"), TestContext.Current.CancellationToken);

        Assert.Equal("out-of-scope", turn.Outcome);
        Assert.Equal(ReplyKind.OutOfScope, Assert.Single(turn.Replies).Kind);
        Assert.Null(turn.ProcedureId);
    }

    [Fact]
    public async Task RunAsync_SearchThrows_DegradesToPoliteFallbackInUserLanguage()
    {
        using var services = PipelineFactory.Services(s => s.AddSingleton<IProcedureSearch, ThrowingSearch>());
        var pipeline = services.GetRequiredService<TurnPipeline>();

        var turn = await pipeline.RunAsync(PipelineFactory.Message("je veux renouveler mon passeport"), TestContext.Current.CancellationToken);

        Assert.Equal("fallback", turn.Outcome);
        var reply = Assert.Single(turn.Replies);
        Assert.Equal(ReplyKind.Fallback, reply.Kind);
        Assert.Equal(LanguageLabels.French, reply.Language);
        Assert.Contains("idarati.ma", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ClarifyThenPick_AnswersThePickedProcedure()
    {
        using var services = PipelineFactory.Services(s => s.AddSingleton<IProcedureSearch, TwoCloseCandidates>());
        var pipeline = services.GetRequiredService<TurnPipeline>();

        var first = await pipeline.RunAsync(PipelineFactory.Message("la carte nationale"), TestContext.Current.CancellationToken);
        var choice = Assert.Single(first.Replies).Actions[first.Choices!.ToList().IndexOf("cnie-renewal")];
        var second = await pipeline.RunAsync(PipelineFactory.Message(choice.Value), TestContext.Current.CancellationToken);

        Assert.Equal("clarify", first.Outcome);
        // Two variants of one document from the search: every variant of the card is offered, the consular one last.
        Assert.Equal(["cnie-first", "cnie-renewal", "cnie-lost", "cnie-minor", "cnie-abroad"], first.Choices);
        Assert.Equal("answer", second.Outcome);
        Assert.Equal("cnie-renewal", second.ProcedureId);
    }

    [Fact]
    public async Task RunAsync_Tamazight_OffersLanguagesAndFollowsTheChoice()
    {
        using var services = PipelineFactory.Services();
        var pipeline = services.GetRequiredService<TurnPipeline>();

        var first = await pipeline.RunAsync(PipelineFactory.Message("ⴰⵣⵓⵍ ⴼⵍⵍⴰⴽ"), TestContext.Current.CancellationToken);
        var second = await pipeline.RunAsync(PipelineFactory.Message("Français"), TestContext.Current.CancellationToken);

        Assert.Equal(LanguageLabels.TamazightTifinagh, first.Detected.Label);
        Assert.Equal("language-choice", first.Outcome);
        Assert.Contains(first.Replies[0].Actions, a => a.Value == "Français");
        Assert.StartsWith("ⴰⵣⵓⵍ", first.Replies[0].Text, StringComparison.Ordinal);
        Assert.Equal(LanguageLabels.French, second.Replies[0].Language);
    }

    private sealed class ThrowingSearch : IProcedureSearch
    {
        public ValueTask<SearchResult> SearchAsync(SearchQuery query, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("index unavailable");
    }

    private sealed class TwoCloseCandidates : IProcedureSearch
    {
        public ValueTask<SearchResult> SearchAsync(SearchQuery query, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(new SearchResult([new ScoredProcedure("cnie-first", 1.0), new ScoredProcedure("cnie-renewal", 0.95)], 0.4) { ChoiceConfidence = 0.95 });
    }
}
