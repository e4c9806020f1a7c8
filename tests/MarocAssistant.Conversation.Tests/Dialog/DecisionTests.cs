using MarocAssistant.Conversation.Dialog;
using MarocAssistant.Conversation.Tests.Pipeline;
using MarocAssistant.Retrieval;
using MarocAssistant.Retrieval.Corpus;
using MarocAssistant.Retrieval.Search;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace MarocAssistant.Conversation.Tests.Dialog;

public sealed class DecisionTests : IDisposable
{
    private readonly ServiceProvider _services = PipelineFactory.Services();

    private ProcedureCorpus Corpus => _services.GetRequiredService<ProcedureCorpus>();

    [Fact]
    public void From_UnsureSearchWithCloseCandidates_OffersThem()
    {
        var found = new SearchResult([new("marriage-file", 1.0), new("marriage-abroad", 0.7), new("naturalisation", 0.6)], 0.5) { ChoiceConfidence = 0.95 };

        var decision = Decision.From(found, Corpus, new RetrievalOptions());

        Assert.Equal(DecisionKind.Clarify, decision.Kind);
        Assert.Equal(["marriage-file", "marriage-abroad", "naturalisation"], decision.Records.Select(r => r.Id));
    }

    [Fact]
    public void From_UnsureSearchWithCandidatesFarBelowTheFirst_OffersOnlyTheCloseOnes()
    {
        var found = new SearchResult([new("marriage-file", 1.0), new("marriage-abroad", 0.7), new("naturalisation", 0.3)], 0.5) { ChoiceConfidence = 0.95 };

        var decision = Decision.From(found, Corpus, new RetrievalOptions());

        Assert.Equal(["marriage-file", "marriage-abroad"], decision.Records.Select(r => r.Id));
    }

    [Fact]
    public void From_UnsureSearchWithOneCandidateClose_AnswersIt()
    {
        var found = new SearchResult([new("marriage-file", 1.0), new("naturalisation", 0.3), new("celibacy-certificate", 0.25)], 0.5) { ChoiceConfidence = 0.95 };

        var decision = Decision.From(found, Corpus, new RetrievalOptions());

        Assert.Equal((DecisionKind.Answer, "marriage-file"), (decision.Kind, decision.Records[0].Id));
    }

    [Fact]
    public void ForVariant_ConfidentAnswerOutsideTheLifeCycle_IsKept()
    {
        var decision = new Decision(DecisionKind.Answer, [Corpus.Find("driving-licence-category")!]);

        var kept = decision.ForVariant(null, Corpus);

        Assert.Equal((DecisionKind.Answer, "driving-licence-category"), (kept.Kind, kept.Records[0].Id));
    }

    [Fact]
    public void ForVariant_AnswerOutsideTheLifeCycleTiedWithASibling_AsksWhichVariant()
    {
        var decision = new Decision(DecisionKind.Answer, [Corpus.Find("driving-licence-category")!]);
        var found = new SearchResult([new("driving-licence-category", 0.833), new("driving-licence-first", 0.833)], 0.8);

        var asked = decision.ForVariant(null, Corpus, found);

        Assert.Equal(DecisionKind.Clarify, asked.Kind);
    }

    [Fact]
    public void ForVariant_ChoicesWithoutTheVariantNamed_AnswersThatVariantOfTheirDocument()
    {
        var choices = new Decision(DecisionKind.Clarify,
            [Corpus.Find("driving-licence-first")!, Corpus.Find("driving-licence-renewal")!, Corpus.Find("driving-licence-exchange")!]);

        var lost = choices.ForVariant("lost", Corpus);

        Assert.Equal((DecisionKind.Answer, "driving-licence-lost"), (lost.Kind, lost.Records[0].Id));
    }

    [Fact]
    public void ForVariant_ConfidentAnswerInTheLifeCycle_AsksWhichVariant()
    {
        var decision = new Decision(DecisionKind.Answer, [Corpus.Find("driving-licence-renewal")!]);

        var asked = decision.ForVariant(null, Corpus);

        Assert.Equal(DecisionKind.Clarify, asked.Kind);
        Assert.Contains(asked.Records, r => r.Id == "driving-licence-first");
    }

    public void Dispose() => _services.Dispose();
}
