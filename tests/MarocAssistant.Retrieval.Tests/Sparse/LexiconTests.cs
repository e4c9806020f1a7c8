using MarocAssistant.Language.Normalization;
using MarocAssistant.Retrieval.Sparse;
using Xunit;

namespace MarocAssistant.Retrieval.Tests.Sparse;

public sealed class LexiconTests
{
    [Fact]
    public void Load_TermsFile_MatchesMultiWordFormsAndSkeletons()
    {
        var path = Path.Combine(Path.GetTempPath(), $"terms-{Guid.NewGuid():N}.tsv");
        File.WriteAllText(path, "concept\tfr\tar\tary\tary_latn\ten\npassport\tpasseport\tجواز السفر\tالباسبور\tlbasbor|jawaz safar\tpassport\ncnie\tcarte nationale|carte d'identité\tالبطاقة الوطنية\tلاكارط\tlakart\tID card\n");
        try
        {
            var extractor = new TermExtractor(ArabiziTransliterator.Default);
            var lexicon = Lexicon.Load(path, extractor);

            Assert.Equal(["passport", "cnie"], lexicon.ConceptNames);
            Assert.Equal(["cnie"], Names(lexicon, extractor, "ma carte d'identité est perdue"));
            Assert.Equal(["passport"], Names(lexicon, extractor, "bghit jawaz safar"));

            // Not written in the file, but the same skeleton as الباسبور.
            Assert.Equal(["passport"], Names(lexicon, extractor, "lpaspor dyali"));
            Assert.Empty(Names(lexicon, extractor, "bonjour"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("lda3m lmobachir", "direct_aid")] // the article glued in front
    [InlineData("dda3m", "direct_aid")] // the article said as a doubled letter
    [InlineData("kifach nsjl flda3m", "direct_aid")] // a preposition and the article
    [InlineData("w lcarte nationale tsalat", "cnie")] // the article on the first word of a multi-word form
    public void Match_LatinWordWithGluedParticles_NamesTheConcept(string text, string concept)
    {
        var extractor = new TermExtractor(ArabiziTransliterator.Default);
        var lexicon = Lexicon.Build([("cnie", ["carte nationale", "lakart"]), ("direct_aid", ["da3m", "da3m lmobachir"])], extractor);

        Assert.Equal([concept], Names(lexicon, extractor, text));
    }

    [Fact]
    public void Match_LatinWordThatOnlyStartsLikeAParticle_NamesNothing()
    {
        var extractor = new TermExtractor(ArabiziTransliterator.Default);
        var lexicon = Lexicon.Build([("cnie", ["carte nationale", "lakart"]), ("direct_aid", ["da3m"])], extractor);

        Assert.Empty(Names(lexicon, extractor, "bonjour, des documents svp"));
    }

    [Fact]
    public void Match_SkeletonThenWrittenFormOfOneConcept_KeepsTheWrittenFormWhenPreferred()
    {
        var extractor = new TermExtractor(ArabiziTransliterator.Default);
        var lexicon = Lexicon.Build([("passport", ["lbasbor", "passeport"])], extractor);

        // "lpaspor" only shares the skeleton of "lbasbor"; "passeport" is written in the file.
        var tokens = TextNormalizer.Tokenize("lpaspor, le passeport");

        Assert.Equal([(0, 1)], lexicon.Match(tokens, extractor, preferWritten: true));
        Assert.Equal([(0, -1)], lexicon.Match(tokens, extractor));
    }

    [Fact]
    public void Load_MissingFile_IsEmpty()
    {
        Assert.Equal(0, Lexicon.Load("/nonexistent/terms.tsv", new TermExtractor(ArabiziTransliterator.Default)).ConceptCount);
    }

    private static List<string> Names(Lexicon lexicon, TermExtractor extractor, string text) =>
        lexicon.Match(TextNormalizer.Tokenize(text), extractor).Select(m => lexicon.NameOf(m.Concept)).ToList();
}
