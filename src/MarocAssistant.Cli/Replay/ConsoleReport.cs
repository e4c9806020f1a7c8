using System.Globalization;

namespace MarocAssistant.Cli.Replay;

/// <summary>
/// The console summary: one line per conversation (green ✓, red ✗), the failed checks with their diffs, then the
/// totals. Colours only on a terminal and unless <c>NO_COLOR</c> is set (no-color.org).
/// </summary>
internal sealed class ConsoleReport
{
    private readonly TextWriter _out;
    private readonly bool _color;

    public ConsoleReport(TextWriter output, bool color)
    {
        _out = output;
        _color = color;
    }

    public static bool ColorWanted =>
        !Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));

    public void WriteCase(CaseReport report)
    {
        var time = report.ElapsedMs.ToString("0", CultureInfo.InvariantCulture);
        if (report.Passed)
        {
            _out.WriteLine($"{Paint("✓", Green)} {report.Case.DisplayName} {Paint($"({report.Turns.Count} turns, {time} ms)", Grey)}");
            return;
        }

        _out.WriteLine($"{Paint("✗", Red)} {report.Case.DisplayName} {Paint($"({report.Case.Source}, {time} ms)", Grey)}");
        if (report.Error is { } error)
        {
            _out.WriteLine("    " + Paint(error, Red));
        }

        foreach (var turn in report.Turns.Where(t => !t.Passed))
        {
            _out.WriteLine($"    turn {turn.Number}: {Paint(Quote(turn.Turn.DisplayText), Yellow)}");
            if (turn.Error is { } turnError)
            {
                _out.WriteLine("      " + Paint(turnError, Red));
            }

            foreach (var check in turn.Failures)
            {
                if (check.Diff is { Count: > 0 } diff)
                {
                    _out.WriteLine($"      {check.Name} differs:");
                    foreach (var line in diff)
                    {
                        _out.WriteLine("        " + (line.Kind switch { '-' => Paint(line.ToString(), Red), '+' => Paint(line.ToString(), Green), _ => line.ToString() }));
                    }
                }
                else
                {
                    _out.WriteLine($"      {check.Name}: expected {Paint(check.Expected, Green)}, got {Paint(check.Got, Red)}");
                }
            }
        }
    }

    public void WriteSummary(ReplayReport report)
    {
        var failed = report.Total - report.Passed;
        _out.WriteLine();
        _out.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{report.Target}: {report.Total} conversations, {report.TurnCount} turns in {report.ElapsedMs / 1000:0.00} s; ")
            + (failed == 0 ? Paint("all passed", Green) : Paint($"{failed} failed", Red)));
    }

    private const string Green = "32";
    private const string Red = "31";
    private const string Yellow = "33";
    private const string Grey = "90";

    private string Paint(string text, string code) => _color ? $"\u001b[{code}m{text}\u001b[0m" : text;

    private static string Quote(string text) => text.Length <= 100 ? text : text[..97] + "...";
}
