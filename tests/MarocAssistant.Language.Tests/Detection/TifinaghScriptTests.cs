using MarocAssistant.Language.Detection;
using Xunit;

namespace MarocAssistant.Language.Tests.Detection;

public sealed class TifinaghScriptTests
{
    [Theory]
    [InlineData("ⴰⵣⵓⵍ ⴼⵍⵍⴰⴽ", 1f)]
    [InlineData("ⴰⵣⵓⵍ ⴼⵍⵍⴰⴽ 👍 2024 !", 1f)]
    [InlineData("ⴰⵣⵓⵍ salu", 0.5f)] // half the letters: still Tifinagh
    [InlineData("ⵜⴰⵏⵎⵎⵉⵔⵜ merci", 0.615f)] // 8 of 13 letters
    public void DominantShare_TifinaghAtLeastHalfOfLetters_ShareOfLetters(string text, float expected)
    {
        Assert.Equal(expected, TifinaghScript.DominantShare(text), 3);
    }

    [Theory]
    [InlineData("")]
    [InlineData("👍 0612345678")]
    [InlineData("bonjour ⴰⵣⵓⵍ")] // 4 of 11 letters
    [InlineData("السلام عليكم ⴰⵣⵓⵍ")]
    [InlineData("azul fellak a gma")]
    public void DominantShare_TifinaghNotDominant_Zero(string text)
    {
        Assert.Equal(0f, TifinaghScript.DominantShare(text));
    }

    [Fact]
    public void Detect_ScriptDetector_SameRuleAsTheModel()
    {
        var detector = new ScriptLanguageDetector();

        Assert.Equal(LanguageLabels.TamazightTifinagh, detector.Detect("ⴰⵣⵓⵍ salu").Label);
        Assert.NotEqual(LanguageLabels.TamazightTifinagh, detector.Detect("bonjour ⴰⵣⵓⵍ").Label);
    }
}
