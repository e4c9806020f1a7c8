using MarocAssistant.Language.Detection;
using MarocAssistant.Language.LangId;
using MarocAssistant.Training.LangId;
using Xunit;

namespace MarocAssistant.Training.Tests.LangId;

public sealed class LangIdDatasetTests : IDisposable
{
    private static readonly HashSet<string> Labels = [.. LanguageLabels.All];
    private readonly string _path = Path.GetTempFileName();

    [Fact]
    public void ReadTsv_TwoAndThreeColumns_ReadsLabelSecondaryAndText()
    {
        File.WriteAllLines(_path, ["# comment", "ary-Latn\tsalam 3afak", "", "ary-Arab\tfr\tبغيت la carte", "arb\t\"- قال\""]);

        var examples = LangIdDataset.ReadTsv(_path, Labels);

        Assert.Equal(3, examples.Count);
        Assert.Equal(new LangIdExample("ary-Latn", "salam 3afak", null, Path.GetFileName(_path)), examples[0]);
        Assert.Equal(("ary-Arab", "fr", "بغيت la carte"), (examples[1].Label, examples[1].Secondary, examples[1].Text));
        Assert.Equal("- قال", examples[2].Text);
    }

    [Fact]
    public void ReadTsv_HeaderWithOtherOrder_FollowsHeader()
    {
        File.WriteAllLines(_path, ["text\tlabel", "hello there\ten"]);
        Assert.Equal("en", Assert.Single(LangIdDataset.ReadTsv(_path, Labels)).Label);
    }

    [Fact]
    public void ReadTsv_UnknownLabel_Throws()
    {
        File.WriteAllLines(_path, ["ary\tsalam"]);
        Assert.Throws<InvalidDataException>(() => LangIdDataset.ReadTsv(_path, Labels));
    }

    [Fact]
    public void IsDev_ManyTexts_AboutOneInTen()
    {
        var dev = Enumerable.Range(0, 5000).Count(i => LangIdDataset.IsDev("message " + i));
        Assert.InRange(dev, 400, 600);
        Assert.Equal(LangIdDataset.IsDev("salam"), LangIdDataset.IsDev("salam"));
    }

    public void Dispose() => File.Delete(_path);
}
