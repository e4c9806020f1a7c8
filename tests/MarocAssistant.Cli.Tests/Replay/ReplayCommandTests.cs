extern alias host;

using System.CommandLine;
using System.Xml.Linq;
using MarocAssistant.Cli.Commands;
using MarocAssistant.Cli.Tests.Commands;
using MarocAssistant.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using HostProgram = host::Program;

namespace MarocAssistant.Cli.Tests.Replay;

[Collection(nameof(ConsoleCollection))]
public sealed class ReplayCommandTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), "maroc-replay-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_out))
        {
            Directory.Delete(_out, recursive: true);
        }
    }

    [Fact]
    public async Task Replay_PassingScriptInProcess_ExitZeroReportsWrittenLastLineCounts()
    {
        var junit = Path.Combine(_out, "replay.xml");
        var html = Path.Combine(_out, "replay.html");

        var (exit, output) = await RunAsync("replay", Golden("cnie-first.yaml"), Golden("help.yaml"), "--variants", "--junit", junit, "--html", html);

        Assert.Equal(0, exit);
        Assert.Equal("replayed: 8/8", LastLine(output));
        Assert.Equal("8", (string?)XDocument.Load(junit).Root!.Attribute("tests"));
        Assert.Contains("8/8 passed", await File.ReadAllTextAsync(html, TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_FailingTranscript_ExitOne()
    {
        var emulator = RepoPaths.FixtureFile("botframework", "emulator-sample-conversation.transcript");

        var (exit, output) = await RunAsync("replay", emulator, Golden("help.yaml"));

        Assert.Equal(1, exit);
        Assert.Equal("replayed: 1/2", LastLine(output));
        Assert.Contains("✗ emulator-sample-conversation.transcript", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_NothingFound_ExitTwo()
    {
        var (exit, output) = await RunAsync("replay", Path.Combine(_out, "missing"));

        Assert.Equal(2, exit);
        Assert.Equal("replayed: 0/0", LastLine(output));
    }

    [Fact]
    public async Task Replay_UrlToRunningHost_RepliesOverDirectLine()
    {
        await using var factory = new WebApplicationFactory<HostProgram>().WithWebHostBuilder(b =>
        {
            b.UseSetting("DirectLine:Secret", DirectLineReplayTests.Secret);
            b.UseSetting("urls", "http://127.0.0.1:0");
        });
        factory.UseKestrel(0);
        factory.StartServer();
        var url = factory.ClientOptions.BaseAddress.ToString();

        var (exit, output) = await RunAsync("replay", Golden("conversation-en.yaml"), "--url", url, "--secret", DirectLineReplayTests.Secret);

        Assert.True(exit == 0, output);
        Assert.Contains("Direct Line http://127.0.0.1:", output, StringComparison.Ordinal);
        Assert.Equal("replayed: 1/1", LastLine(output));
    }

    private static string Golden(string file) => Path.Combine(RepoPaths.Root, "tests", "transcripts", file);

    private static string LastLine(string output) => output.TrimEnd().Split('\n')[^1].Trim();

    private static async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        var root = new RootCommand { ReplayCommand.Create() };
        var original = Console.Out;
        using var writer = new StringWriter();
        Console.SetOut(writer);
        try
        {
            var exit = await root.Parse(args).InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);
            return (exit, writer.ToString());
        }
        finally
        {
            Console.SetOut(original);
        }
    }
}
