using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace MarocAssistant.Cli.Replay;

/// <summary>
/// The run as JUnit XML, the format CI servers read: one <c>testsuite</c> per input file, one <c>testcase</c> per
/// conversation (and variant), a <c>failure</c> with the failed checks and diffs, and the turns in <c>system-out</c>.
/// </summary>
internal static class JUnitReport
{
    public static XDocument Build(ReplayReport report)
    {
        var suites = report.Cases.GroupBy(c => c.Case.Source, StringComparer.Ordinal).Select(group => new XElement(
            "testsuite",
            new XAttribute("name", group.Key),
            new XAttribute("tests", group.Count()),
            new XAttribute("failures", group.Count(c => !c.Passed && c.Error is null)),
            new XAttribute("errors", group.Count(c => c.Error is not null)),
            new XAttribute("skipped", 0),
            new XAttribute("time", Seconds(group.Sum(c => c.ElapsedMs))),
            new XAttribute("timestamp", report.Started.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)),
            group.Select(TestCase)));

        return new XDocument(
            new XDeclaration("1.0", "utf-8", null),
            new XElement(
                "testsuites",
                new XAttribute("name", "maroc replay"),
                new XAttribute("tests", report.Total),
                new XAttribute("failures", report.Cases.Count(c => !c.Passed && c.Error is null)),
                new XAttribute("errors", report.Cases.Count(c => c.Error is not null)),
                new XAttribute("time", Seconds(report.ElapsedMs)),
                suites));
    }

    public static void Write(ReplayReport report, string path)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder)
        {
            Directory.CreateDirectory(folder);
        }

        using var writer = XmlWriter.Create(path, new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), CheckCharacters = false });
        Build(report).Save(writer);
    }

    private static XElement TestCase(CaseReport report)
    {
        var element = new XElement(
            "testcase",
            new XAttribute("classname", "replay." + Path.GetFileNameWithoutExtension(report.Case.Source)),
            new XAttribute("name", report.Case.DisplayName),
            new XAttribute("time", Seconds(report.ElapsedMs)));
        if (report.Error is { } error)
        {
            element.Add(new XElement("error", new XAttribute("message", Clean(error)), new XAttribute("type", "replay")));
        }
        else if (!report.Passed)
        {
            element.Add(new XElement(
                "failure",
                new XAttribute("message", Clean(report.FailureSummary ?? "failed")),
                new XAttribute("type", "mismatch"),
                Clean(Failures(report))));
        }

        element.Add(new XElement("system-out", Clean(Turns(report))));
        return element;
    }

    private static string Failures(CaseReport report)
    {
        var text = new StringBuilder();
        foreach (var turn in report.Turns.Where(t => !t.Passed))
        {
            text.Append("turn ").Append(turn.Number).Append(": ").AppendLine(turn.Turn.DisplayText);
            if (turn.Error is not null)
            {
                text.Append("  ").AppendLine(turn.Error);
            }

            foreach (var check in turn.Failures)
            {
                text.Append("  ").Append(check.Name).Append(": expected ").Append(check.Expected).Append(", got ").AppendLine(check.Got);
                foreach (var line in check.Diff ?? [])
                {
                    text.Append("    ").AppendLine(line.ToString());
                }
            }
        }

        return text.ToString();
    }

    private static string Turns(CaseReport report)
    {
        var text = new StringBuilder();
        foreach (var turn in report.Turns)
        {
            text.Append(turn.Passed ? "ok   " : "FAIL ").Append(turn.Number).Append(" > ").AppendLine(turn.Turn.DisplayText);
            if (turn.Got is { } got)
            {
                text.Append("     language ").Append(got.Detected ?? got.ReplyLanguage ?? "-")
                    .Append(", procedure ").Append(got.Procedure ?? "-")
                    .Append(", outcome ").Append(got.Outcome ?? "-")
                    .Append(", ").Append(got.ElapsedMs.ToString("0.0", CultureInfo.InvariantCulture)).AppendLine(" ms");
            }
        }

        return text.ToString();
    }

    private static string Seconds(double ms) => (ms / 1000).ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>XML 1.0 cannot carry most control characters; a hostile reply must not make the report unreadable.</summary>
    private static string Clean(string text) =>
        string.Concat(text.Where(c => c is '\t' or '\n' or '\r' || (c >= ' ' && XmlConvert.IsXmlChar(c)) || char.IsSurrogate(c)));
}
