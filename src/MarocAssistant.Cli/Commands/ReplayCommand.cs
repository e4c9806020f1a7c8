using System.CommandLine;
using MarocAssistant.Cli.Replay;

namespace MarocAssistant.Cli.Commands;

/// <summary>
/// <c>maroc replay &lt;files or folders&gt; [--url http://host:port] [--secret ...] [--junit out.xml] [--html out.html]
/// [--variants] [--recursive]</c>: replays transcripts and scripted tests, in process or against a running host over
/// Direct Line, and checks every turn. Exit code 0 when all pass, 1 when any fails, 2 when there is nothing to replay.
/// </summary>
internal static class ReplayCommand
{
    public const string SecretVariable = "DIRECTLINE_SECRET";

    public static Command Create()
    {
        var inputs = new Argument<string[]>("inputs")
        {
            Description = ".transcript files (Emulator or recorded), YAML scripted tests, or folders of them.",
            Arity = ArgumentArity.OneOrMore,
        };
        var url = new Option<string?>("--url")
        {
            Description = "Replay against a running host over Direct Line 3.0 (e.g. http://127.0.0.1:5080) instead of in process.",
        };
        var secret = new Option<string?>("--secret")
        {
            Description = $"The host's Direct Line secret (DirectLine:Secret); default: the {SecretVariable} environment variable.",
        };
        var junit = new Option<string?>("--junit") { Description = "Write a JUnit XML report to this file." };
        var html = new Option<string?>("--html") { Description = "Write an HTML report to this file." };
        var variants = new Option<bool>("--variants")
        {
            Description = "Also replay each scripted test with the user's lines of its variants (other languages and scripts).",
        };
        var recursive = new Option<bool>("--recursive", "-r") { Description = "Include the tests in subfolders of the folders given." };
        var timeout = new Option<int>("--timeout")
        {
            Description = "Seconds to wait for a reply over Direct Line.",
            DefaultValueFactory = _ => 15,
        };

        var command = new Command("replay", "Replay conversations (transcripts, scripted YAML tests) and check the answers.")
        {
            inputs, url, secret, junit, html, variants, recursive, timeout,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var files = ReplayInputs.Expand(parse.GetValue(inputs) ?? [], parse.GetValue(recursive), out var missing);
            foreach (var path in missing)
            {
                Console.Error.WriteLine("error: not found: " + path);
            }

            if (files.Count == 0 || missing.Count > 0)
            {
                Console.Error.WriteLine("error: nothing to replay (give .transcript or .yaml files, or folders holding them)");
                Console.WriteLine("replayed: 0/0");
                return 2;
            }

            var cases = ReplayInputs.Load(files, parse.GetValue(variants));
            IReplayTarget target;
            if (parse.GetValue(url) is { Length: > 0 } baseUrl)
            {
                var key = parse.GetValue(secret) ?? Environment.GetEnvironmentVariable(SecretVariable);
                if (string.IsNullOrEmpty(key))
                {
                    Console.Error.WriteLine($"error: --url needs the Direct Line secret: --secret or {SecretVariable}");
                    Console.WriteLine("replayed: 0/" + cases.Count);
                    return 2;
                }

                target = DirectLineReplayTarget.Create(baseUrl, key, TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(timeout))));
            }
            else
            {
                target = InProcessReplayTarget.Create();
            }

            var console = new ConsoleReport(Console.Out, ConsoleReport.ColorWanted);
            ReplayReport report;
            await using (target)
            {
                report = await new ReplayRunner(target) { CaseFinished = console.WriteCase }.RunAsync(cases, cancellationToken);
            }

            console.WriteSummary(report);
            if (parse.GetValue(junit) is { Length: > 0 } junitPath)
            {
                JUnitReport.Write(report, junitPath);
                Console.WriteLine("junit: " + junitPath);
            }

            if (parse.GetValue(html) is { Length: > 0 } htmlPath)
            {
                HtmlReport.Write(report, htmlPath);
                Console.WriteLine("html: " + htmlPath);
            }

            Console.WriteLine($"replayed: {report.Passed}/{report.Total}");
            return report.Passed == report.Total ? 0 : 1;
        });
        return command;
    }
}
