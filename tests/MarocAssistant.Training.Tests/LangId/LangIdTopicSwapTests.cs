using MarocAssistant.Language.Detection;
using MarocAssistant.Language.LangId;
using MarocAssistant.Testing;
using MarocAssistant.Training.LangId;
using Xunit;

namespace MarocAssistant.Training.Tests.LangId;

public sealed class LangIdTopicSwapTests
{
    private static readonly LangIdTopicSwap Swap = new(
    [
        new("البطاقة الوطنية", DarijaOnly: false),
        new("البطاقة الوطنية الإلكترونية", DarijaOnly: false),
        new("جواز السفر", DarijaOnly: false),
        new("عقد الازدياد", DarijaOnly: false),
        new("الباسبور", DarijaOnly: true),
        new("لاكارط", DarijaOnly: true),
    ]);

    [Fact]
    public void Swap_DarijaLineWithTopic_ReplacesOnlyThePhrase()
    {
        var random = new Random(1);

        for (var i = 0; i < 50; i++)
        {
            var swapped = Swap.Swap("بغيت نجدد البطاقة الوطنية ديالي", LanguageLabels.DarijaArabic, random);

            Assert.StartsWith("بغيت نجدد ", swapped, StringComparison.Ordinal);
            Assert.EndsWith(" ديالي", swapped, StringComparison.Ordinal);
            var phrase = swapped["بغيت نجدد ".Length..^" ديالي".Length];
            Assert.NotEqual("البطاقة الوطنية", phrase);
            Assert.Contains(Swap.Phrases, p => p.Phrase == phrase);
        }
    }

    [Fact]
    public void Swap_StandardArabicLine_NeverInsertsADarijaLoanword()
    {
        var random = new Random(2);

        for (var i = 0; i < 200; i++)
        {
            var swapped = Swap.Swap("أريد تجديد جواز السفر من فضلك", LanguageLabels.StandardArabic, random);
            Assert.DoesNotContain("الباسبور", swapped, StringComparison.Ordinal);
            Assert.DoesNotContain("لاكارط", swapped, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Swap_DarijaLine_CanReplaceALoanwordByAStandardPhrase()
    {
        var random = new Random(3);

        var results = Enumerable.Range(0, 100).Select(_ => Swap.Swap("لاكارط ديالي سالات", LanguageLabels.DarijaArabic, random)).ToHashSet();

        Assert.Contains("جواز السفر ديالي سالات", results);
        Assert.DoesNotContain("لاكارط ديالي سالات", results);
    }

    [Theory]
    [InlineData("فالبطاقة الوطنية كاين غلط", "ف")]
    [InlineData("وجواز السفر حتى هو", "و")]
    public void Swap_AfterOneProclitic_KeepsTheProclitic(string text, string proclitic)
    {
        var swapped = Swap.Swap(text, LanguageLabels.DarijaArabic, new Random(4));

        Assert.NotEqual(text, swapped);
        Assert.StartsWith(proclitic, swapped, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("شكرا بزاف خويا")]
    [InlineData("الباسبوري")] // the phrase inside a longer word is not the phrase
    public void Swap_NoWholeTopicPhrase_TextUnchanged(string text)
    {
        Assert.Equal(text, Swap.Swap(text, LanguageLabels.DarijaArabic, new Random(5)));
    }

    [Fact]
    public void Swap_LongestPhraseMatchesWhole()
    {
        var random = new Random(6);

        for (var i = 0; i < 50; i++)
        {
            // Were "البطاقة الوطنية" matched alone, "الإلكترونية" would be left behind after the replacement (which is
            // never the matched phrase itself).
            var swapped = Swap.Swap("البطاقة الوطنية الإلكترونية", LanguageLabels.StandardArabic, random);
            Assert.DoesNotContain("الإلكترونية", swapped, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void NeutralExamples_EachSharedPhraseOnceAsEachVariety()
    {
        var examples = Swap.NeutralExamples().ToList();

        Assert.Equal(8, examples.Count);
        Assert.All(examples, e => Assert.Equal(LangIdTopicSwap.NeutralSource, e.Source));
        Assert.Equal(4, examples.Count(e => e.Label == LanguageLabels.DarijaArabic));
        Assert.DoesNotContain(examples, e => e.Text == "الباسبور");
    }

    [Fact]
    public void Load_ProjectTopicsFile_ReadsPhrasesOfBothKinds()
    {
        var path = Path.Combine(RepoPaths.Corpus, "langid", "topics.txt");
        Requirements.SkipUnless(File.Exists(path), "corpus/langid/topics.txt");

        var swap = LangIdTopicSwap.Load(path);

        Assert.Contains(swap.Phrases, p => p.Phrase == "عقد الازدياد" && !p.DarijaOnly);
        Assert.Contains(swap.Phrases, p => p.Phrase == "الباسبور" && p.DarijaOnly);
    }

    [Fact]
    public void Load_UnknownKind_Throws()
    {
        var path = Path.Combine(Path.GetTempPath(), $"topics-{Guid.NewGuid():N}.txt");
        File.WriteAllText(path, "جواز السفر\tboth\nالباسبور\tfr\n");
        try
        {
            Assert.Throws<InvalidDataException>(() => LangIdTopicSwap.Load(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
