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

    public void Dispose() => _services.Dispose();
}
