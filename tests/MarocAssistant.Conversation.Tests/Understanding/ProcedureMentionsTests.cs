using MarocAssistant.Conversation.Tests.Pipeline;
using MarocAssistant.Conversation.Understanding;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace MarocAssistant.Conversation.Tests.Understanding;

public sealed class ProcedureMentionsTests : IDisposable
{
    private readonly ServiceProvider _services = PipelineFactory.Services();

    private ProcedureMentions Mentions => _services.GetRequiredService<ProcedureMentions>();

    [Theory]
    [InlineData("اريد تجديد جواز سفري الذي انتهت صلاحيته", "passport-renewal")]
    [InlineData("كيف اجدد بطاقتي الوطنية", "cnie-renewal")]
    [InlineData("كيفاش نتسجل فلانابيك", "anapec-registration")]
    [InlineData("lakart dyali tkssrat w ma bqach kayban ttsawer", "cnie-lost")]
    [InlineData("ma cnie est cassée en deux", "cnie-lost")]
    public void Named_DocumentWithGluedParticlesOrLoanword_NamesIt(string text, string expected) =>
        Assert.Contains(expected, Mentions.Named(text));

    [Theory]
    [InlineData("je dois rentrer au maroc pour le refaire?")]
    [InlineData("prix iphone 15 au maroc svp")]
    [InlineData("ch7al dariba li ghadi nkhles")]
    [InlineData("هل يمكنني تجديده في القنصلية بليون")]
    [InlineData("il faut payer quelque chose?")]
    [InlineData("شحال خاصني نخلص؟")]
    [InlineData("وفين نجيبو؟")]
    [InlineData("تم تسريحي من الشركة بعد 4 سنوات عمل")]
    [InlineData("bba khddam f chrika 30 3am")]
    public void Named_NoDocumentName_NamesNothing(string text) => Assert.Empty(Mentions.Named(text));

    [Fact]
    public void Named_DocumentOfTheFocus_CountsAsTheFocus()
    {
        Assert.Equal(["cnie-renewal"], Mentions.Named("واش خاص شهادة السكنى الجديدة", "cnie-renewal"));
        Assert.Contains("residence-certificate", Mentions.Named("واش خاص شهادة السكنى الجديدة"));
    }

    [Theory]
    [InlineData("والدي توفي وبغينا نخرجو الإراثة", "inheritance")]
    [InlineData("bghit nbdl smiya dyal l3a2ila, fiha ma3na khayb", "name-change")]
    [InlineData("comment obtenir un certificat de scolarite pour mon fils", "school-certificate")]
    [InlineData("how do i get legal aid, i cant pay a lawyer", "legal-aid")]
    [InlineData("kifach nsajel f l7ej had l3am", "hajj-registration")]
    [InlineData("rokhsat ti9a dyal taxi kifach katkhrej", "taxi-licence")]
    [InlineData("هل يمكن إعفائي من الخدمة العسكرية", "military-service")]
    public void Named_ProcedureByItsUsualName_NamesIt(string text, string expected) =>
        Assert.Contains(expected, Mentions.Named(text));

    // Every procedure can be named (the positive evidence a follow-up needs to leave the focus), apart from the consular
    // variants, which the citizen's situation selects, and a few whose names are words of other procedures too.
    [Fact]
    public void Named_EachRecordsOwnTitle_NamesItInMostLanguages()
    {
        var corpus = _services.GetRequiredService<MarocAssistant.Retrieval.Corpus.ProcedureCorpus>();
        string[] unnamed = ["visa-for-foreigner", "traffic-fine", "trade-licence", "pet-import", "company-creation"];
        var missing = corpus.Records
            .Where(r => !MarocAssistant.Conversation.Dialog.AbroadVariants.IsAbroad(r) && !unnamed.Contains(r.Id))
            .Where(r => r.Blocks().Count(b => Mentions.Named(b.Block.Title).Contains(r.Id)) < 3)
            .Select(r => r.Id)
            .ToList();

        Assert.Empty(missing);
    }

    public void Dispose() => _services.Dispose();
}
