using MarocAssistant.Conversation.Tests.Pipeline;
using MarocAssistant.Conversation.Understanding;
using MarocAssistant.Retrieval.Corpus;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace MarocAssistant.Conversation.Tests.Understanding;

public sealed class ProcedureVocabularyTests : IDisposable
{
    private readonly ServiceProvider _services = PipelineFactory.Services();

    private ProcedureVocabulary Vocabulary => _services.GetRequiredService<ProcedureVocabulary>();

    private List<ProcedureRecord> Records(params string[] ids)
    {
        var corpus = _services.GetRequiredService<ProcedureCorpus>();
        return ids.Select(id => corpus.Find(id) ?? throw new InvalidOperationException(id)).ToList();
    }

    [Theory]
    [InlineData("كيف احصل على رخصة مرشد سياحي")]
    [InlineData("bghit rokhsa dyal guide touristique")]
    public void AsksBeyond_OnlyAGenericWordShared_IsTrue(string text) =>
        Assert.True(Vocabulary.AsksBeyond(text, Records("driving-licence-first", "driving-licence-renewal", "cnss-registration")));

    [Theory]
    [InlineData("bghit ndir lpermis dyal tomobil")]
    [InlineData("je veux renouveler mon permis de conduire")]
    [InlineData("رخصة السياقة")]
    public void AsksBeyond_NameOfACandidate_IsFalse(string text) =>
        Assert.False(Vocabulary.AsksBeyond(text, Records("driving-licence-first", "driving-licence-renewal")));

    [Theory]
    [InlineData("her rabies shot was two weeks ago, is that too recent?", true)]
    [InlineData("any good restaurant near the beach you'd recommend?", false)]
    public void UsesAWordOf_PetImport_OnlyForItsOwnWords(string text, bool uses) =>
        Assert.Equal(uses, Vocabulary.UsesAWordOf(text, Records("pet-import")));

    [Fact]
    public void AsksBeyond_NoCandidates_IsFalse() => Assert.False(Vocabulary.AsksBeyond("رخصة مرشد سياحي", []));

    [Theory]
    [InlineData("i need to legalize my signature on a power of attorney", "signature-legalization")]
    [InlineData("نسخة مطابقة للأصل من الديبلوم", "certified-copy")]
    public void Pick_WordsOfOneCandidate_PicksIt(string text, string expected) =>
        Assert.Equal(expected, Vocabulary.Pick(text, Records("signature-legalization", "certified-copy"))?.Id);

    [Theory]
    [InlineData("combien ?")]
    [InlineData("شحال")]
    public void Pick_NothingThatTellsThemApart_IsNull(string text) =>
        Assert.Null(Vocabulary.Pick(text, Records("signature-legalization", "certified-copy")));

    [Theory]
    [InlineData("كيف احصل على شهادة")]
    [InlineData("how to get a certificate")]
    public void Pick_CommonWordOfOneTitle_PicksIt(string text) =>
        Assert.Equal("nationality-certificate", Vocabulary.Pick(text, Records("nationality-certificate", "naturalisation"), namesOnly: true)?.Id);

    [Theory]
    [InlineData("بغيت نتسجل")]
    [InlineData("انا مول حانوت سمعت بلي خاصني نتسجل")]
    public void Pick_CommonWordOfOneAliasOnly_IsNull(string text) =>
        Assert.Null(Vocabulary.Pick(text, Records("amo-self-employed", "amo-tadamon"), namesOnly: true));

    [Theory]
    [InlineData("je dois un document", false)]
    [InlineData("شحال", false)]
    [InlineData("d'une voiture d'occasion", true)]
    public void HasContent_CommonWordsOnly_IsFalse(string text, bool expected) => Assert.Equal(expected, Vocabulary.HasContent(text));

    public void Dispose() => _services.Dispose();
}
