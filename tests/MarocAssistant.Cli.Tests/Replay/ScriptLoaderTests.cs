using MarocAssistant.Cli.Replay;

namespace MarocAssistant.Cli.Tests.Replay;

public sealed class ScriptLoaderTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), "script-" + Guid.NewGuid().ToString("N") + ".yaml");

    public void Dispose() => File.Delete(_file);

    [Fact]
    public void Load_TestWithVariants_VariantsKeepNeutralExpectationsAndTakeTheirLanguage()
    {
        File.WriteAllText(_file, """
            name: passport
            turns:
              - user: je veux renouveler mon passeport
                language: fr
                procedure: passport-renewal
                outcome: answer
                contains: ["500 DH"]
                buttons: 3
                max_ms: 800
            variants:
              ary-Arab: ["بغيت نجدد الباسبور"]
              en:
                - user: renew my passport
                  contains: ["500 DH"]
                  max_ms: 50
            """);

        var cases = ScriptLoader.Load(_file, withVariants: true);

        Assert.Equal(["passport", "passport [ary-Arab]", "passport [en]"], cases.Select(c => c.DisplayName));
        var arabic = cases[1].Turns[0];
        Assert.Equal("بغيت نجدد الباسبور", arabic.UserText);
        Assert.Equal("ary-Arab", arabic.Expect.Language);
        Assert.Equal("passport-renewal", arabic.Expect.Procedure);
        Assert.Equal("answer", arabic.Expect.Outcome);
        Assert.Equal(3, arabic.Expect.ButtonCount);
        Assert.Equal(800, arabic.Expect.MaxMs);
        Assert.Empty(arabic.Expect.Contains);
        Assert.Equal(["500 DH"], cases[2].Turns[0].Expect.Contains);
        Assert.Equal(50, cases[2].Turns[0].Expect.MaxMs);
    }

    [Fact]
    public void Load_WithoutVariantsFlag_OnlyTheScript()
    {
        File.WriteAllText(_file, "turns:\n  - user: salam\nvariants:\n  fr: [bonjour]\n");

        var replayCase = Assert.Single(ScriptLoader.Load(_file, withVariants: false));

        Assert.Equal(Path.GetFileNameWithoutExtension(_file), replayCase.Name);
    }

    [Fact]
    public void Load_SeveralDocuments_OneTestEach()
    {
        File.WriteAllText(_file, "name: a\nturns:\n  - user: salam\n---\nname: b\nturns:\n  - user: bonjour\n    buttons: [Oui, Non]\n");

        var cases = ScriptLoader.Load(_file, withVariants: false);

        Assert.Equal(["a", "b"], cases.Select(c => c.Name));
        Assert.Equal(["Oui", "Non"], cases[1].Turns[0].Expect.Buttons);
    }

    [Theory]
    [InlineData("turns:\n  - user: salam\n    contain: x\n", "unknown key 'contain'")]
    [InlineData("turns: []\n", "'turns' must be a non-empty list")]
    [InlineData("turns:\n  - language: fr\n", "'user' is missing")]
    [InlineData("turns:\n  - user: a\n    max_ms: fast\n", "'max_ms' is a positive whole number")]
    [InlineData("turns:\n  - user: a\n    handoff: maybe\n", "'handoff' is true or false")]
    [InlineData("turns:\n  - user: a\n  - user: b\nvariants:\n  fr: [x]\n", "variant 'fr' must list 2 user lines")]
    [InlineData("turns:\n  - user: [unclosed\n", "cannot read the test")]
    public void Load_BrokenTest_OneFailedCaseWithTheReason(string yaml, string reason)
    {
        File.WriteAllText(_file, yaml);

        var replayCase = Assert.Single(ScriptLoader.Load(_file, withVariants: true));

        Assert.NotNull(replayCase.LoadError);
        Assert.Contains(reason, replayCase.LoadError, StringComparison.Ordinal);
    }
}
