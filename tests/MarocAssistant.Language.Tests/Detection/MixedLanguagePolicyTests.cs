using MarocAssistant.Language.Detection;
using Xunit;

namespace MarocAssistant.Language.Tests.Detection;

public sealed class MixedLanguagePolicyTests
{
    private static readonly IReadOnlyList<string> Labels = LanguageLabels.All;

    [Fact]
    public void Secondary_OneStandardLookingRunInLongDarijaMessage_NotMixed()
    {
        // 24 words in 12 rows of two; one row is sure it is Standard Arabic (an administrative phrase).
        var (rows, counts) = Rows(12, 2, (3, LanguageLabels.StandardArabic, 0.95f));
        var primary = Index(LanguageLabels.DarijaArabic);

        Assert.Equal(-1, new MixedLanguagePolicy().Secondary(primary, rows, counts, Labels));

        // The absolute evidence alone (1.9 < 2.7) would not flag it either; with rows of three words it would,
        // which is what the share prevents.
        var (longRows, longCounts) = Rows(8, 3, (3, LanguageLabels.StandardArabic, 0.95f));
        Assert.Equal(-1, new MixedLanguagePolicy().Secondary(primary, longRows, longCounts, Labels));
        Assert.Equal(Index(LanguageLabels.StandardArabic), new MixedLanguagePolicy { DialectShare = 0 }.Secondary(primary, longRows, longCounts, Labels));
    }

    [Fact]
    public void Secondary_MostOfADarijaMessageStandard_Mixed()
    {
        // Four sure words of six: evidence 3.8 (≥ 2.7), more than half the message.
        var (rows, counts) = Rows(6, 1, (0, LanguageLabels.StandardArabic, 0.95f), (1, LanguageLabels.StandardArabic, 0.95f), (2, LanguageLabels.StandardArabic, 0.95f), (3, LanguageLabels.StandardArabic, 0.95f));

        Assert.Equal(Index(LanguageLabels.StandardArabic), new MixedLanguagePolicy().Secondary(Index(LanguageLabels.DarijaArabic), rows, counts, Labels));
    }

    [Fact]
    public void Secondary_FrenchPhraseInsideArabicScriptDarija_French()
    {
        // "بغيت نجدد la carte nationale ديالي": three French words of six.
        var (rows, counts) = Rows(6, 1, (2, LanguageLabels.French, 0.9f), (3, LanguageLabels.French, 0.9f), (4, LanguageLabels.French, 0.9f));

        Assert.Equal(Index(LanguageLabels.French), new MixedLanguagePolicy().Secondary(Index(LanguageLabels.DarijaArabic), rows, counts, Labels));
    }

    [Fact]
    public void Secondary_TwoLoanwordsInTwelveWordArabizi_NotMixed()
    {
        var (rows, counts) = Rows(12, 1, (4, LanguageLabels.French, 0.8f), (9, LanguageLabels.French, 0.8f));
        var primary = Index(LanguageLabels.DarijaLatin);

        Assert.Equal(-1, new MixedLanguagePolicy().Secondary(primary, rows, counts, Labels));
        Assert.Equal(Index(LanguageLabels.French), new MixedLanguagePolicy { SameScriptShare = 0 }.Secondary(primary, rows, counts, Labels));
    }

    private static int Index(string label) => Labels.ToList().IndexOf(label);

    /// <summary>Rows that all say the primary-neutral "no opinion" except the given ones, sure of their label.</summary>
    private static (float[] Rows, int[] Counts) Rows(int rowCount, int wordsPerRow, params (int Row, string Label, float P)[] sure)
    {
        var rows = new float[rowCount * Labels.Count];
        for (var r = 0; r < rowCount; r++)
        {
            for (var c = 0; c < Labels.Count; c++)
            {
                rows[(r * Labels.Count) + c] = 1f / Labels.Count;
            }
        }

        foreach (var (row, label, p) in sure)
        {
            for (var c = 0; c < Labels.Count; c++)
            {
                rows[(row * Labels.Count) + c] = (1 - p) / (Labels.Count - 1);
            }

            rows[(row * Labels.Count) + Index(label)] = p;
        }

        return (rows, Enumerable.Repeat(wordsPerRow, rowCount).ToArray());
    }
}
