using System.Diagnostics;
using MarocAssistant.Cli.Replay;
using MarocAssistant.Testing;

namespace MarocAssistant.Cli.Tests.Replay;

/// <summary>The golden conversations of tests/transcripts, replayed in process with their variants, as CI does.</summary>
public sealed class GoldenConversationsTests
{
    private static string Golden => Path.Combine(RepoPaths.Root, "tests", "transcripts");

    [Fact]
    public async Task Replay_GoldenConversationsWithVariants_AllPass()
    {
        var files = ReplayInputs.Expand([Golden], recursive: true, out var missing);
        var cases = ReplayInputs.Load(files, withVariants: true);
        await using var target = InProcessReplayTarget.Create();
        var watch = Stopwatch.StartNew();

        var report = await new ReplayRunner(target).RunAsync(cases, TestContext.Current.CancellationToken);

        WriteArtifacts(report);
        TestContext.Current.SendDiagnosticMessage($"golden replay: {report.Passed}/{report.Total} conversations, {report.TurnCount} turns, {watch.ElapsedMilliseconds} ms");
        Assert.Empty(missing);
        var failures = report.Cases.Where(c => !c.Passed).Select(c => $"{c.Case.DisplayName}: {c.FailureSummary}").ToList();
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public void Load_GoldenConversations_AtLeastThirtyCoveringFiveLanguagesAndManyProcedures()
    {
        var files = ReplayInputs.Expand([Golden], recursive: false, out _);
        var cases = ReplayInputs.Load(files, withVariants: true);
        var scripted = cases.Where(c => c.Variant is null).ToList();
        var expectations = cases.SelectMany(c => c.Turns).Select(t => t.Expect).ToList();

        Assert.All(cases, c => Assert.Null(c.LoadError));
        Assert.True(scripted.Count >= 30, $"{scripted.Count} scripted tests");
        Assert.Superset(
            new HashSet<string> { "ary-Latn", "ary-Arab", "arb", "fr", "en" },
            scripted.SelectMany(c => c.Turns).Select(t => t.Expect.Language).OfType<string>().ToHashSet());
        Assert.True(expectations.Select(e => e.Procedure).Where(p => p is not null and not "none").Distinct().Count() >= 30);
    }

    [Fact]
    public void Load_DialogConversations_ParseWithoutErrors()
    {
        // tests/transcripts/dialog holds the dialog scenarios of issue 6; the golden replay above runs them too.
        var files = ReplayInputs.Expand([Path.Combine(Golden, "dialog")], recursive: false, out var missing);
        var cases = ReplayInputs.Load(files, withVariants: true);

        Assert.Empty(missing);
        Assert.NotEmpty(cases);
        Assert.All(cases, c => Assert.Null(c.LoadError));
    }

    /// <summary>The reports of the golden run, for CI to keep (bin/.../artifacts).</summary>
    private static void WriteArtifacts(ReplayReport report)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "artifacts");
        JUnitReport.Write(report, Path.Combine(folder, "golden-replay.xml"));
        HtmlReport.Write(report, Path.Combine(folder, "golden-replay.html"));
    }
}
