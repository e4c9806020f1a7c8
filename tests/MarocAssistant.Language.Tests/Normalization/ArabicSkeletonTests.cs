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
}
