using System.Diagnostics;
using System.Xml.Linq;
using MarocAssistant.Testing;

namespace MarocAssistant.EndToEnd.Tests.Botium;

/// <summary>
/// Runs the Botium suite (tests/botium: botium-cli + botium-connector-directline3) against the running host's Direct
/// Line endpoint, so that its convos count in the test total. Botium writes JUnit XML; a failing convo is a
/// <c>&lt;failure&gt;</c> element (counted under <c>errors</c>, not <c>failures</c>, by its reporter).
/// </summary>
[Collection(RunningHostCollection.Name)]
public sealed class BotiumTests
{
    private readonly RunningHost _host;

    public BotiumTests(RunningHost host)
    {
        _host = host;
    }

    private static string BotiumFolder => Path.Combine(RepoPaths.Root, "tests", "botium");

    private static string Cli => Path.Combine(BotiumFolder, "node_modules", "botium-cli", "bin", "botium-cli.js");

    [Fact]
    public async Task Convos_AgainstOwnDirectLine_AllPass()
    {
        Requirements.SkipUnless(File.Exists(Cli), "botium-cli is not installed in tests/botium (run eng/install-test-deps.sh)");
        Requirements.SkipUnless(OnPath("node"), "node is not installed (run eng/install-test-deps.sh)");
        var convos = Directory.GetFiles(Path.Combine(BotiumFolder, "convos"), "*.convo.txt");
        var report = Path.Combine(RunningHost.Artifacts, "botium-junit.xml");
        File.Delete(report);

        var (exitCode, output) = await RunAsync(report, TestContext.Current.CancellationToken);

        Assert.True(File.Exists(report), "Botium wrote no report:\n" + output);
        var suite = XDocument.Load(report).Root!;
        var failures = suite.Descendants("failure").Select(f => f.Value.Split('\n')[0]).ToList();
        Assert.True(failures.Count == 0, "Botium convos failed:\n" + string.Join("\n", failures));
        Assert.Equal(convos.Length, suite.Descendants("testcase").Count());
        Assert.True(exitCode == 0, "botium-cli exited with " + exitCode + ":\n" + output);
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(dir => File.Exists(Path.Combine(dir, program)));

    private async Task<(int ExitCode, string Output)> RunAsync(string report, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = BotiumFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            Cli, "run", "xunit", "--config", "./botium.json", "--convos", "./convos", "--timeout", "60",
            "--reporter-options", "output=" + report,
        })
        {
            start.ArgumentList.Add(argument);
        }

        // Botium and its dependencies phone home unless told not to.
        start.Environment["BOTIUM_ANALYTICS"] = "false";
        start.Environment["SCARF_ANALYTICS"] = "false";
        start.Environment["DO_NOT_TRACK"] = "1";
        start.Environment["BOTIUM_DIRECTLINE3_DOMAIN"] = _host.BaseUrl + "/v3/directline";
        start.Environment["BOTIUM_DIRECTLINE3_SECRET"] = RunningHost.DirectLineSecret;
        var work = Path.Combine(Path.GetTempPath(), "botium-" + Guid.NewGuid().ToString("N"));
        start.Environment["BOTIUM_TEMPDIR"] = work;

        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        finally
        {
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
