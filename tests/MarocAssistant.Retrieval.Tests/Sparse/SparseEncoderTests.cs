using MarocAssistant.Retrieval.Embedded;
using MarocAssistant.Retrieval.Index;
using MarocAssistant.Retrieval.Sparse;
using Xunit;

namespace MarocAssistant.Retrieval.Tests.Sparse;

public sealed class SparseEncoderTests
{
    [Theory]
    [InlineData("bghit njded lbasbor dyali", "passport-first")]
    [InlineData("بغيت ندير الباسبور", "passport-first")]
    [InlineData("Je voudrais un passeport", "passport-first")]
    [InlineData("kifach nkhrej lbita9a", "cnie-first")]
    [InlineData("البطاقة الوطنية كيفاش", "cnie-first")]
    [InlineData("fin ndir lpirmi", "driving-licence-first")]
    [InlineData("رخصة السياقه", "driving-licence-first")]
    [InlineData("3a9d l'izdiyad dyal weldi", "birth-certificate")]
    [InlineData("casier judicaire", "criminal-record")]
    public void EncodeQuery_SpellingDrift_RanksTheProcedureFirst(string question, string expected)
    {
        var top = Search(TestCorpus.Encoder(), question);

        Assert.Equal(expected, top);
    }

    [Fact]
    public void EncodeQuery_LexiconConcept_BridgesLanguages()
    {
        // "travel document" is in no record: only the lexicon links it to the passport.
        var withLexicon = TestCorpus.Encoder(("passport", ["travel document", "passeport", "جواز السفر", "lbasbor"]));
        var without = TestCorpus.Encoder();

        Assert.Equal("passport-first", Search(withLexicon, "travel document"));
        Assert.NotEqual("passport-first", Search(without, "travel document"));
    }

    [Fact]
    public void EncodeDocuments_AliasTerm_WeighsMoreThanStepTerm()
    {
        var encoder = TestCorpus.Encoder();
        var record = TestCorpus.Records[0];
        record.Fr!.Steps = ["Prenez rendez-vous sur cnie.ma"];
        try
        {
            var vector = encoder.EncodeDocuments([record])[0];
            var alias = TermExtractor.Hash(TermView.Word, "cin");
            var step = TermExtractor.Hash(TermView.Word, "rendez");

            Assert.True(Value(vector, alias) > Value(vector, step));
        }
        finally
        {
            record.Fr!.Steps = [];
        }
    }

    [Fact]
    public void EncodeQuery_OnlyStopWords_IsEmpty()
    {
        var vector = TestCorpus.Encoder().EncodeQuery("comment je peux le faire ?");

        Assert.Equal(0, vector.Count);
    }

    private static float Value(SparseVector vector, uint term)
    {
        var at = Array.IndexOf(vector.Indices, term);
        return at < 0 ? 0 : vector.Values[at];
    }

    private static string? Search(SparseEncoder encoder, string question)
    {
        var vectors = encoder.EncodeDocuments(TestCorpus.Records);
        var index = new EmbeddedProcedureIndex();
        index.Load(TestCorpus.Records.Select((r, i) => new IndexDocument(r.Id, r.Category, ["fr"], null, vectors[i])).ToList(), 0);
        var hits = index.Query(new HybridQuery(encoder.EncodeQuery(question), null, 3));
        return hits.Fused.Count > 0 ? hits.Fused[0].Id : null;
    }
}
