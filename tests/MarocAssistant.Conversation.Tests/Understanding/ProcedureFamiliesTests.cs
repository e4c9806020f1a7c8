using MarocAssistant.Conversation.Tests.Pipeline;
using MarocAssistant.Conversation.Understanding;
using MarocAssistant.Retrieval.Corpus;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace MarocAssistant.Conversation.Tests.Understanding;

public sealed class ProcedureFamiliesTests : IDisposable
{
    private readonly ServiceProvider _services = PipelineFactory.Services();

    private ProcedureFamilies Families => _services.GetRequiredService<ProcedureFamilies>();

    [Fact]
    public void Match_NameWithGluedPrefix_KeepsTheOtherWordsAsWritten()
    {
        var match = Families.Match("بغيت نتسجل فالامو");

        Assert.NotNull(match);
        Assert.Equal(" بغيت نتسجل ", match.Value.Remainder);
    }

    [Theory]
    [InlineData("je veux faire une carte grise", "vehicle-registration")]
    [InlineData("بغيت ندير الكارط گريز", "vehicle-registration")]
    [InlineData("بغيت نتسجل فالامو", "amo-tadamon")]
    [InlineData("legalisation svp", "certified-copy")]
    public void Match_FamilyName_GivesTheFamily(string text, string member)
    {
        var match = Families.Match(text);
        Assert.NotNull(match);
        Assert.Contains(member, match.Value.Records.Select(r => r.Id));
    }

    [Fact]
    public void Match_TwoNamesOfTheFamily_RemovesBoth()
    {
        var match = Families.Match("كيف انخرط في التامين الاجباري عن المرض AMO");
        Assert.NotNull(match);
        Assert.DoesNotContain("amo", match.Value.Remainder, StringComparison.Ordinal);
        Assert.DoesNotContain("المرض", match.Value.Remainder, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bghit ndir lbasbor")]
    [InlineData("combien coûte la vignette")]
    public void Match_NoFamilyName_IsNull(string text) => Assert.Null(Families.Match(text));

    [Fact]
    public void Load_IdsThatAreNotAllRecords_DropsTheFamily()
    {
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".yaml");
        File.WriteAllText(path, "families:\n  - ids: [passport-first, no-such-record]\n    names: [\"x\"]\n  - ids: [passport-first, cnie-first]\n    names: [\"papiers\"]\n");
        try
        {
            var families = ProcedureFamilies.Load(path, _services.GetRequiredService<ProcedureCorpus>());
            Assert.Equal(1, families.Count);
            Assert.NotNull(families.Match("mes papiers"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_MissingFile_IsEmpty() =>
        Assert.Equal(0, ProcedureFamilies.Load("/nonexistent/families.yaml", _services.GetRequiredService<ProcedureCorpus>()).Count);

    public void Dispose() => _services.Dispose();
}
