using MarocAssistant.Conversation.Dialog;
using MarocAssistant.Conversation.Tests.Pipeline;
using MarocAssistant.Retrieval.Corpus;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace MarocAssistant.Conversation.Tests.Dialog;

public sealed class AbroadVariantsTests : IDisposable
{
    private readonly ServiceProvider _services = PipelineFactory.Services();

    private ProcedureCorpus Corpus => _services.GetRequiredService<ProcedureCorpus>();

    [Fact]
    public void Fit_ChoicesForCitizenAbroad_BecomeConsularVariants()
    {
        var variants = new AbroadVariants(Corpus);
        var choices = new Decision(DecisionKind.Clarify, [Corpus.Find("passport-first")!, Corpus.Find("passport-renewal")!, Corpus.Find("passport-minor")!]);

        var fitted = variants.Fit(choices, livesAbroad: true, namedKind: null);

        Assert.Equal(["passport-first-abroad", "passport-renewal-abroad", "passport-minor"], fitted.Records.Select(r => r.Id));
    }

    [Fact]
    public void Fit_ChoicesAmongDocumentsForCitizenAtHome_DropConsularVariants()
    {
        var variants = new AbroadVariants(Corpus);
        var choices = new Decision(DecisionKind.Clarify, [Corpus.Find("cnie-renewal")!, Corpus.Find("passport-renewal-abroad")!]);

        var fitted = variants.Fit(choices, livesAbroad: false, namedKind: null);

        Assert.Equal(DecisionKind.Answer, fitted.Kind);
        Assert.Equal("cnie-renewal", Assert.Single(fitted.Records).Id);
    }

    [Fact]
    public void Fit_VariantsOfOneDocumentForCitizenAtHome_KeepConsularVariants()
    {
        var variants = new AbroadVariants(Corpus);
        var choices = new Decision(DecisionKind.Clarify, [Corpus.Find("passport-first")!, Corpus.Find("passport-first-abroad")!]);

        var fitted = variants.Fit(choices, livesAbroad: false, namedKind: null);

        Assert.Equal(DecisionKind.Clarify, fitted.Kind);
        Assert.Equal(["passport-first", "passport-first-abroad"], fitted.Records.Select(r => r.Id));
    }

    [Fact]
    public void Fit_ConsularAnswerWithNamedKind_PicksThatKindsConsularVariant()
    {
        var variants = new AbroadVariants(Corpus);

        var fitted = variants.Fit(new Decision(DecisionKind.Answer, [Corpus.Find("passport-first-abroad")!]), livesAbroad: false, namedKind: "renewal");

        Assert.Equal("passport-renewal-abroad", Assert.Single(fitted.Records).Id);
    }

    [Fact]
    public void Fit_ChoicesWithOneConsularVariantForCitizenAbroad_AnswersIt()
    {
        var variants = new AbroadVariants(Corpus);
        var choices = new Decision(DecisionKind.Clarify, [Corpus.Find("cnie-renewal")!, Corpus.Find("cnie-lost")!, Corpus.Find("cnie-minor")!]);

        var fitted = variants.Fit(choices, livesAbroad: true, namedKind: null);

        Assert.Equal(DecisionKind.Answer, fitted.Kind);
        Assert.Equal("cnie-abroad", Assert.Single(fitted.Records).Id);
    }

    [Fact]
    public void Fit_ChoicesForCitizenAbroadWhoSaidALoss_StayAChoice()
    {
        var variants = new AbroadVariants(Corpus);
        var choices = new Decision(DecisionKind.Clarify, [Corpus.Find("cnie-renewal")!, Corpus.Find("cnie-lost")!]);

        var fitted = variants.Fit(choices, livesAbroad: true, namedKind: "lost");

        Assert.Equal(DecisionKind.Clarify, fitted.Kind);
        Assert.Equal(["cnie-abroad", "cnie-lost"], fitted.Records.Select(r => r.Id));
    }

    public void Dispose() => _services.Dispose();
}
