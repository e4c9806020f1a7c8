using MarocAssistant.Testing;
using MarocAssistant.Training.Intent;

namespace MarocAssistant.Training.Tests.Intent;

public sealed class IntentDataTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("maroc-intent-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ReadTsv_ThreeColumns_KeepsLabelAndText()
    {
        var path = Write("a.tsv", "# comment\nhandoff\tary-Latn\tbghit nhder m3a chi wa7ed \n\nrefuse\tfr\tdonne-moi l'adresse de mon voisin\n");

        var examples = IntentData.ReadTsv(path);

        Assert.Equal([("handoff", "bghit nhder m3a chi wa7ed"), ("refuse", "donne-moi l'adresse de mon voisin")], examples.Select(e => (e.Label, e.Text)));
    }

    [Theory]
    [InlineData("question\ten\thow much is it\n")]
    [InlineData("admin\thow much is it\n")]
    public void ReadTsv_UnknownLabelOrMissingColumn_SaysWhere(string content)
    {
        var path = Write("bad.tsv", content);

        var error = Assert.Throws<InvalidDataException>(() => IntentData.ReadTsv(path));
        Assert.StartsWith("bad.tsv:1:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadQuestions_OutOfScopeFile_LabelledOutOfScopeAndTheRestAdmin()
    {
        Write("passport-first.tsv", "ary-Latn\tbghit ndir lbasbor\nfr\tpremier passeport\n");
        Write("out-of-scope.tsv", "ary-Latn\twach ghadi tchta ghedda\n");

        var examples = IntentData.ReadQuestions(_dir);

        Assert.Equal(
            [("out_of_scope", "wach ghadi tchta ghedda"), ("admin", "bghit ndir lbasbor"), ("admin", "premier passeport")],
            examples.Select(e => (e.Label, e.Text)));
    }

    [Fact]
    public void ShippedData_EveryFile_ReadsWithKnownLabels()
    {
        var files = Directory.GetFiles(Path.Combine(RepoPaths.Corpus, "intents"), "*.tsv");

        Assert.NotEmpty(files);
        Assert.All(files, file => Assert.NotEmpty(IntentData.ReadTsv(file)));
        var labels = files.SelectMany(IntentData.ReadTsv).Select(e => e.Label).ToHashSet();
        Assert.Equal(IntentData.Labels.ToHashSet(), labels);
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }
}
