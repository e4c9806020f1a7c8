using MarocAssistant.Language.Normalization;
using Xunit;

namespace MarocAssistant.Language.Tests.Normalization;

public sealed class TextNormalizerTests
{
    [Theory]
    [InlineData("أحمد إبراهيم آمنة", "احمد ابراهيم امنه")]
    [InlineData("مُسْتَشْفَى", "مستشفي")]
    [InlineData("البطاقـــة الوطنية", "البطاقه الوطنيه")]
    [InlineData("مسؤول رئيس", "مسوول رييس")]
    [InlineData("٠٦١٢٣٤ ۱۲", "061234 12")]
    [InlineData("ڭاع پاسبور ڤيزا", "كاع باسبور فيزا")]
    [InlineData("Carte d'Identité Électronique", "carte d identite electronique")]
    [InlineData("Œuvre, ÇA? straße", "oeuvre ca strasse")]
    [InlineData("bghit njded LBASBOR dyali!!", "bghit njded lbasbor dyali")]
    [InlineData("فـwww.cnie.ma", "ف www cnie ma")]
    [InlineData("12سنة", "12 سنه")]
    [InlineData("ﺍﻟﺒﻄﺎﻗﺔ", "البطاقه")]
    public void Normalize_RealSpellings_FoldToOneForm(string input, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(input));
    }

    [Fact]
    public void Tokenize_MixedScripts_MarksScriptAndArabizi()
    {
        var tokens = TextNormalizer.Tokenize("wach l7ala مدنية 2024");

        Assert.Equal(
            [
                new TextToken("wach", TokenScript.Latin, false),
                new TextToken("l7ala", TokenScript.Latin, true),
                new TextToken("مدنيه", TokenScript.Arabic, false),
                new TextToken("2024", TokenScript.Number, false),
            ],
            tokens);
    }

    [Fact]
    public void Tokenize_LongText_DoesNotOverflow()
    {
        var text = string.Concat(Enumerable.Repeat("Œuvre البطاقة ", 200));

        var tokens = TextNormalizer.Tokenize(text);

        Assert.Equal(400, tokens.Count);
    }
}
