using MarocAssistant.Language.Normalization;
using Xunit;

namespace MarocAssistant.Language.Tests.Normalization;

public sealed class ArabiziTransliteratorTests
{
    /// <summary>Arabizi spellings seen in DODa and citizen messages, against the Arabic-script word people write.</summary>
    [Theory]
    [InlineData("lbasbor", "الباسبور")]
    [InlineData("lpasspor", "الباسبور")]
    [InlineData("bita9a", "بطاقة")]
    [InlineData("lbita9a", "البطاقة")]
    [InlineData("wataniya", "وطنية")]
    [InlineData("chikaya", "شكاية")]
    [InlineData("dariba", "ضريبة")]
    [InlineData("lkonnach", "الكناش")]
    [InlineData("l7ala", "الحالة")]
    [InlineData("lmadaniya", "المدنية")]
    [InlineData("chahadat", "شهادة")]
    [InlineData("chahada", "شهادة")]
    [InlineData("rokhsa", "رخصة")]
    [InlineData("rokhsat", "رخصة")]
    [InlineData("ta3wid", "تعويض")]
    [InlineData("l9iyada", "القيادة")]
    [InlineData("lmilkiya", "الملكية")]
    [InlineData("jinsiya", "جنسية")]
    [InlineData("lakart", "لاكارط")]
    [InlineData("lkhedma", "الخدمة")]
    [InlineData("flwra9", "فالوراق")]
    [InlineData("mo9ata3a", "مقاطعة")]
    [InlineData("lpirmi", "البيرمي")]
    [InlineData("tadamon", "تضامن")]
    [InlineData("5edma", "خدمة")]
    [InlineData("nmxi", "نمشي")]
    public void Transliterate_RealSpelling_MeetsArabicSpellingOnSkeleton(string arabizi, string arabic)
    {
        var latin = Assert.Single(TextNormalizer.Tokenize(arabizi)).Text;
        var arabicToken = Assert.Single(TextNormalizer.Tokenize(arabic)).Text;

        var transliterated = ArabiziTransliterator.Default.Transliterate(latin);

        Assert.Equal(ArabicSkeleton.Of(arabicToken), ArabicSkeleton.Of(transliterated));
    }

    [Theory]
    [InlineData("3afak", "عافاك")]
    [InlineData("7ala", "حاله")]
    [InlineData("9a3ida", "قاعيده")]
    [InlineData("2amn", "ءامن")]
    [InlineData("chno", "شنو")]
    [InlineData("ghadi", "غادي")]
    [InlineData("kifax", "كيفاش")]
    [InlineData("lbasbor", "الباسبور")]
    [InlineData("mdd", "مد")]
    public void Transliterate_DigitsAndDigraphs_MapToLetters(string arabizi, string expected)
    {
        Assert.Equal(expected, ArabiziTransliterator.Default.Transliterate(arabizi));
    }

    [Fact]
    public void Transliterate_IntoBuffer_SameAsString()
    {
        var buffer = new char[ArabiziTransliterator.MaxOutputLength];
        string[] words = ["lbasbor", "3afak", "mdd", "flwra9", "a", "", string.Concat(Enumerable.Repeat("kha", 200))];
        foreach (var word in words)
        {
            var text = ArabiziTransliterator.Default.Transliterate(word);

            Assert.Equal(text, new string(ArabiziTransliterator.Default.Transliterate(word, buffer)));
            Assert.True(text.Length <= ArabiziTransliterator.MaxOutputLength);
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => ArabiziTransliterator.Default.Transliterate("lbasbor", new char[10]));
    }

    [Fact]
    public void Load_WordExceptionInFile_WinsOverRules()
    {
        var path = Path.Combine(Path.GetTempPath(), $"arabizi-{Guid.NewGuid():N}.tsv");
        File.WriteAllText(path, "latin\tarabic\tkind\tnote\ndyal|dial\tديال\tword\tpossessive\nq\tك\tletter\tsome write q for k\n");
        try
        {
            var transliterator = ArabiziTransliterator.Load(path);

            Assert.Equal("ديال", transliterator.Transliterate("dial"));
            Assert.Equal("كال", transliterator.Transliterate("qal"));
            Assert.True(transliterator.IsException("dyal"));
            Assert.Equal(2, transliterator.ExceptionCount);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_MissingFile_GivesBuiltInRules()
    {
        var transliterator = ArabiziTransliterator.Load("/nonexistent/arabizi.tsv");

        Assert.Equal("شنو", transliterator.Transliterate("chno"));
    }
}
