using System.Xml.Linq;
using MarocAssistant.Cli.Replay;

namespace MarocAssistant.Cli.Tests.Replay;

public sealed class ReportTests
{
    [Fact]
    public void JUnit_MixedRun_SuitesPerFileCasesWithFailuresAndErrors()
    {
        var document = JUnitReport.Build(ReportSamples.Mixed());

        var root = document.Root!;
        Assert.Equal("testsuites", root.Name.LocalName);
        Assert.Equal("3", (string?)root.Attribute("tests"));
        Assert.Equal("1", (string?)root.Attribute("failures"));
        Assert.Equal("1", (string?)root.Attribute("errors"));
        var suites = root.Elements("testsuite").ToList();
        Assert.Equal(3, suites.Count);
        var cases = suites.SelectMany(s => s.Elements("testcase")).ToList();
        Assert.Equal(["cnie-first (ary-Latn)", "recorded.transcript", "broken.yaml"], cases.Select(c => (string?)c.Attribute("name")));
        Assert.Empty(cases[0].Elements("failure"));
        var failure = Assert.Single(cases[1].Elements("failure"));
        Assert.Contains("procedure expected passport-renewal, got passport-first", (string?)failure.Attribute("message"), StringComparison.Ordinal);
        Assert.Contains("- خلص 500 درهم", failure.Value, StringComparison.Ordinal);
        Assert.Contains("+ خلص 600 درهم", failure.Value, StringComparison.Ordinal);
        Assert.Contains("unknown key", (string?)Assert.Single(cases[2].Elements("error")).Attribute("message"), StringComparison.Ordinal);
        Assert.Contains("procedure cnie-first", cases[0].Element("system-out")!.Value, StringComparison.Ordinal);
        Assert.Equal("0.003", (string?)cases[0].Attribute("time"));
    }

    [Fact]
    public void JUnit_Written_ParsesBackAsUtf8WithoutBom()
    {
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".xml");
        try
        {
            JUnitReport.Write(ReportSamples.Mixed(), path);

            var bytes = File.ReadAllBytes(path);
            Assert.Equal((byte)'<', bytes[0]);
            Assert.Equal("testsuites", XDocument.Load(path).Root!.Name.LocalName);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Html_MixedRun_SectionPerConversationTurnsSideBySideEverythingEncoded()
    {
        var html = HtmlReport.Build(ReportSamples.Mixed());

        Assert.StartsWith("<!doctype html>", html, StringComparison.Ordinal);
        Assert.Equal(3, CountOf(html, "data-testid=\"case\""));
        Assert.Contains("1/3 passed", html, StringComparison.Ordinal);
        Assert.Contains("<th>user</th><th>expected</th><th>got</th><th>language</th><th>procedure</th><th>time</th>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"del\">- خلص 500 درهم</span>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"ins\">+ خلص 600 درهم</span>", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"pair bad\"><small>passport-renewal</small><br>passport-first</td>", html, StringComparison.Ordinal);
        Assert.Contains("dir=\"auto\"", html, StringComparison.Ordinal);
        Assert.Contains("unknown key &#39;contain&#39;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Console_FailedCase_ShowsTurnChecksAndDiffWithoutColourWhenAsked()
    {
        using var output = new StringWriter();
        var console = new ConsoleReport(output, color: false);
        var report = ReportSamples.Mixed();

        foreach (var c in report.Cases)
        {
            console.WriteCase(c);
        }

        console.WriteSummary(report);
        var text = output.ToString();
        Assert.Contains("✓ cnie-first (ary-Latn)", text, StringComparison.Ordinal);
        Assert.Contains("✗ recorded.transcript", text, StringComparison.Ordinal);
        Assert.Contains("procedure: expected passport-renewal, got passport-first", text, StringComparison.Ordinal);
        Assert.Contains("+ خلص 600 درهم", text, StringComparison.Ordinal);
        Assert.Contains("in process: 3 conversations, 2 turns", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", text, StringComparison.Ordinal);
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
