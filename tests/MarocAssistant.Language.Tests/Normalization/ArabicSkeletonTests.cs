using MarocAssistant.Language.Normalization;
using Xunit;

namespace MarocAssistant.Language.Tests.Normalization;

public sealed class ArabicSkeletonTests
{
    [Theory]
    [InlineData("الباسبور", "بسبر")]
    [InlineData("باسبور", "بسبر")]
    [InlineData("بالبطاقه", "بتقه")]
    [InlineData("للمحكمه", "مهكمه")]
    [InlineData("ضريبه", "دربه")]
    [InlineData("امو", "ام")]
    [InlineData("مدد", "مد")]
    public void Of_Word_DropsArticleVowelsAndMergesLetters(string word, string expected)
    {
        Assert.Equal(expected, ArabicSkeleton.Of(word));
    }

    [Fact]
    public void Of_IntoBuffer_SameAsStringAndCutAtMaxLength()
    {
        var buffer = new char[ArabicSkeleton.MaxLength];
        var longWord = string.Concat(Enumerable.Repeat("بت", 200));
        foreach (var word in new[] { "الباسبور", "للمحكمه", "ا", "", longWord })
        {
            Assert.Equal(ArabicSkeleton.Of(word), new string(ArabicSkeleton.Of(word, buffer)));
        }

        Assert.Equal(ArabicSkeleton.MaxLength, ArabicSkeleton.Of(longWord).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => ArabicSkeleton.Of("الباسبور", new char[4]));
    }
}
