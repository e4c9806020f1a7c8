using MarocAssistant.Language.LangId;
using Xunit;

namespace MarocAssistant.Language.Tests.LangId;

public sealed class LangIdFeatureExtractorTests
{
    private static readonly LangIdFeatureExtractor Extractor = new(new LangIdFeatureSettings());

    [Theory]
    [InlineData("SALAAAAM khoya!!", "salaam khoya")]
    [InlineData("بِغِيت نْجَدّد   البطاقة", "بغيت نجدد البطاقة")]
    [InlineData("أنا إلى آخر ـــ الطريق", "انا الي اخر الطريق")]
    [InlineData("call 0612345678 at 7h30", "call at 7h30")]
    [InlineData("l’adresse dyal l'CIN -- ok", "l'adresse dyal l'cin ok")]
    [InlineData("ch7al 3afak 😀👍", "ch7al 3afak")]
    [InlineData("ⴰⵣⵓⵍ ⴼⵍⵍⴰⴽ", "ⴰⵣⵓⵍ ⴼⵍⵍⴰⴽ")]
    [InlineData("123 456 !!!", "")]
    public void NormalizeToString_ChatText_FoldsAndSplits(string text, string expected)
    {
        Assert.Equal(expected, Extractor.NormalizeToString(text));
    }

    [Fact]
    public void NormalizeToString_DecomposedAccents_SameAsComposed()
    {
        const string composed = "réclamation à la préfecture";
        Assert.Equal(Extractor.NormalizeToString(composed), Extractor.NormalizeToString(composed.Normalize(System.Text.NormalizationForm.FormD)));
    }

    [Fact]
    public void Extract_SameTextTwice_SameFeatures()
    {
        var a = Features(new LangIdFeatureExtractor(new LangIdFeatureSettings()), "salam bghit nbeddel l'adresse f la carte");
        var b = Features(Extractor, "salam bghit nbeddel l'adresse f la carte");
        Assert.Equal(a.Ids, b.Ids);
        Assert.Equal(a.Groups, b.Groups);
        Assert.Equal(a.Words, b.Words);
    }

    [Fact]
    public void Extract_Message_IdsInsideBucketRange()
    {
        var small = new LangIdFeatureExtractor(new LangIdFeatureSettings { BucketBits = 10 });
        var (ids, _, _) = Features(small, "واش خاصني شهادة السكنى 3afak ⴰⵣⵓⵍ");
        Assert.NotEmpty(ids);
        Assert.All(ids, id => Assert.InRange(id, 0, 1023));
    }

    [Fact]
    public void Extract_VeryLongText_StaysWithinMaxFeatures()
    {
        var text = string.Concat(Enumerable.Repeat("abc d ef ghij ", 2000));
        var buffer = new LangIdFeatureBuffer(Extractor);
        Extractor.Extract(text, buffer);
        Assert.InRange(buffer.Count, 1, Extractor.MaxFeatures);
        Assert.True(buffer.TextLength <= Extractor.Settings.MaxChars);
    }

    [Fact]
    public void MessageWeights_EachGroup_HasUnitNorm()
    {
        var buffer = new LangIdFeatureBuffer(Extractor);
        Extractor.Extract("bonjour je voudrais renouveler ma carte", buffer);
        var weights = new float[buffer.Count];
        LangIdFeatureExtractor.MessageWeights(buffer, weights);

        for (byte g = 0; g < LangIdFeatureExtractor.GroupCount; g++)
        {
            var squares = Enumerable.Range(0, buffer.Count).Where(i => buffer.Groups[i] == g).Sum(i => weights[i] * weights[i]);
            Assert.Equal(1f, squares, 4);
        }
    }

    [Fact]
    public void WordRangeWeights_OneWord_SameRowAsThatWordAlone()
    {
        // The mixed flag scores single words inside a message; that row must be what the model saw when trained on the word alone.
        var buffer = new LangIdFeatureBuffer(Extractor);
        Extractor.Extract("bghit nrenouveler la carte", buffer);
        var weights = new float[buffer.Count];
        LangIdFeatureExtractor.WordRangeWeights(buffer, 1, 1, weights);
        var inMessage = Enumerable.Range(0, buffer.Count).Where(i => weights[i] != 0).Select(i => (buffer.Ids[i], weights[i])).ToList();

        var alone = new LangIdFeatureBuffer(Extractor);
        Extractor.Extract("nrenouveler", alone);
        var aloneWeights = new float[alone.Count];
        LangIdFeatureExtractor.MessageWeights(alone, aloneWeights);

        Assert.Equal(Enumerable.Range(0, alone.Count).Select(i => (alone.Ids[i], aloneWeights[i])), inMessage);
    }

    [Fact]
    public void Extract_TwoScripts_AddsMessageLevelFeatureOnly()
    {
        var buffer = new LangIdFeatureBuffer(Extractor);
        Extractor.Extract("bghit نجدد", buffer);
        var messageLevel = Enumerable.Range(0, buffer.Count).Count(i => buffer.Words[i] == LangIdFeatureExtractor.MessageLevel);
        Assert.Equal(1, messageLevel);

        Extractor.Extract("bghit njded", buffer);
        Assert.DoesNotContain(LangIdFeatureExtractor.MessageLevel, buffer.Words.AsSpan(0, buffer.Count).ToArray());
    }

    private static (long[] Ids, byte[] Groups, short[] Words) Features(LangIdFeatureExtractor extractor, string text)
    {
        var buffer = new LangIdFeatureBuffer(extractor);
        extractor.Extract(text, buffer);
        return (buffer.Ids[..buffer.Count], buffer.Groups[..buffer.Count], buffer.Words[..buffer.Count]);
    }
}
