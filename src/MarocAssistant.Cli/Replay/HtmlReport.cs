using System.Globalization;
using System.Net;
using System.Text;

namespace MarocAssistant.Cli.Replay;

/// <summary>
/// The run as one self-contained HTML page for testers (no script, no outside resource): a summary, then per
/// conversation a table of turns side by side — what the user sent, what was expected, what came back (with diffs
/// of failed texts), the language and procedure expected and got, and the time. Every text is HTML-encoded and
/// marked <c>dir="auto"</c> so Arabic reads right to left.
/// </summary>
internal static class HtmlReport
{
    public static string Build(ReplayReport report)
    {
        var html = new StringBuilder();
        var failed = report.Total - report.Passed;
        html.Append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<link rel=\"icon\" href=\"data:,\">\n")
            .Append("<title>maroc replay: ").Append(report.Passed).Append('/').Append(report.Total).Append(" passed</title>\n")
            .Append("<style>").Append(Style).Append("</style>\n</head>\n<body>\n");

        html.Append("<header>\n<h1>maroc replay</h1>\n<p class=\"summary\" data-testid=\"summary\">")
            .Append("<span class=\"badge ").Append(failed == 0 ? "pass" : "fail").Append("\">")
            .Append(report.Passed).Append('/').Append(report.Total).Append(" passed</span> ")
            .Append(E(Invariant($"{report.TurnCount} turns · {report.ElapsedMs / 1000:0.00} s · {report.Target} · {report.Started:yyyy-MM-dd HH:mm} UTC")))
            .Append("</p>\n</header>\n");

        html.Append("<nav>\n<ol>\n");
        for (var i = 0; i < report.Cases.Count; i++)
        {
            var c = report.Cases[i];
            html.Append("<li class=\"").Append(c.Passed ? "pass" : "fail").Append("\"><a href=\"#case-").Append(i + 1).Append("\">")
                .Append(c.Passed ? "✓ " : "✗ ").Append(E(c.Case.DisplayName)).Append("</a></li>\n");
        }

        html.Append("</ol>\n</nav>\n<main>\n");
        for (var i = 0; i < report.Cases.Count; i++)
        {
            Case(html, report.Cases[i], i + 1);
        }

        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    public static void Write(ReplayReport report, string path)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder)
        {
            Directory.CreateDirectory(folder);
        }

        File.WriteAllText(path, Build(report), new UTF8Encoding(false));
    }

    private static void Case(StringBuilder html, CaseReport report, int number)
    {
        var status = report.Passed ? "pass" : "fail";
        html.Append("<section class=\"case ").Append(status).Append("\" id=\"case-").Append(number).Append("\" data-testid=\"case\">\n")
            .Append("<h2><span class=\"badge ").Append(status).Append("\">").Append(report.Passed ? "PASS" : "FAIL").Append("</span> ")
            .Append(E(report.Case.DisplayName)).Append("</h2>\n")
            .Append("<p class=\"meta\">").Append(E(report.Case.Source)).Append(" · ").Append(report.Case.Kind == ReplaySourceKind.Transcript ? "transcript" : "script")
            .Append(" · ").Append(report.Turns.Count).Append(" turns · ").Append(Ms(report.ElapsedMs)).Append("</p>\n");
        if (report.Error is { } error)
        {
            html.Append("<p class=\"error\">").Append(E(error)).Append("</p>\n");
        }

        if (report.Turns.Count == 0)
        {
            html.Append("</section>\n");
            return;
        }

        html.Append("<table>\n<thead><tr><th>#</th><th>user</th><th>expected</th><th>got</th><th>language</th><th>procedure</th><th>time</th></tr></thead>\n<tbody>\n");
        foreach (var turn in report.Turns)
        {
            Turn(html, turn);
        }

        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void Turn(StringBuilder html, TurnReport turn)
    {
        var expect = turn.Turn.Expect;
        var got = turn.Got;
        html.Append("<tr class=\"").Append(turn.Passed ? "pass" : "fail").Append("\">")
            .Append("<td class=\"n\">").Append(turn.Number).Append("</td>")
            .Append("<td class=\"user\" dir=\"auto\">").Append(E(turn.Turn.DisplayText)).Append("</td>");

        // Expected: the recorded replies of a transcript, or the script's expectations.
        html.Append("<td class=\"expected\">");
        if (expect.Replies is { } recorded)
        {
            foreach (var reply in recorded)
            {
                Bubble(html, reply.Type == "event" ? "event " + reply.EventName : reply.Text, reply.Buttons);
            }

            if (recorded.Count == 0)
            {
                html.Append("<p class=\"none\">(no reply)</p>");
            }
        }

        html.Append("<ul class=\"expect\">");
        Item(html, "outcome", expect.Outcome);
        foreach (var text in expect.Contains)
        {
            Item(html, "contains", text);
        }

        foreach (var text in expect.NotContains)
        {
            Item(html, "not contains", text);
        }

        foreach (var button in expect.Buttons ?? [])
        {
            Item(html, "button", button);
        }

        Item(html, "buttons", expect.ButtonCount?.ToString(CultureInfo.InvariantCulture));
        Item(html, "handoff", expect.Handoff is { } h ? (h ? "yes" : "no") : null);
        html.Append("</ul></td>");

        // Got: the replies, then what failed, with diffs.
        html.Append("<td class=\"got\">");
        if (turn.Error is { } error)
        {
            html.Append("<p class=\"error\">").Append(E(error)).Append("</p>");
        }

        foreach (var reply in got?.Replies ?? [])
        {
            Bubble(html, reply.Type == "event" ? "event " + reply.EventName : reply.Text, reply.Buttons.Select(b => b.Title).ToList());
        }

        foreach (var check in turn.Failures.Where(c => c.Name is not ("language" or "procedure" or "max_ms")))
        {
            html.Append("<div class=\"check\"><b>").Append(E(check.Name)).Append("</b>");
            if (check.Diff is { Count: > 0 } diff)
            {
                html.Append("<pre class=\"diff\" dir=\"auto\">");
                foreach (var line in diff)
                {
                    html.Append("<span class=\"").Append(line.Kind switch { '-' => "del", '+' => "ins", _ => "same" }).Append("\">")
                        .Append(E(line.ToString())).Append("</span>\n");
                }

                html.Append("</pre>");
            }
            else
            {
                html.Append(": expected <span class=\"want\" dir=\"auto\">").Append(E(check.Expected))
                    .Append("</span>, got <span class=\"have\" dir=\"auto\">").Append(E(Short(check.Got))).Append("</span>");
            }

            html.Append("</div>");
        }

        html.Append("</td>");
        Pair(html, turn, "language", expect.Language, got?.Detected ?? got?.ReplyLanguage);
        Pair(html, turn, "procedure", expect.Procedure, got?.Procedure);
        var slow = turn.Checks.Any(c => c.Name == "max_ms" && !c.Passed);
        html.Append("<td class=\"time").Append(slow ? " bad" : "").Append("\">").Append(got is null ? "" : Ms(got.ElapsedMs))
            .Append(expect.MaxMs is { } max ? "<br><small>≤ " + max.ToString(CultureInfo.InvariantCulture) + " ms</small>" : "")
            .Append("</td></tr>\n");
    }

    private static void Bubble(StringBuilder html, string? text, IReadOnlyList<string> buttons)
    {
        html.Append("<div class=\"bubble\" dir=\"auto\">").Append(E(text ?? "")).Append("</div>");
        if (buttons.Count > 0)
        {
            html.Append("<div class=\"buttons\">");
            foreach (var button in buttons)
            {
                html.Append("<span class=\"button\" dir=\"auto\">").Append(E(button)).Append("</span>");
            }

            html.Append("</div>");
        }
    }

    private static void Item(StringBuilder html, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            html.Append("<li><span class=\"key\">").Append(E(name)).Append("</span> <span dir=\"auto\">").Append(E(value)).Append("</span></li>");
        }
    }

    /// <summary>A column with the expected value over the value got; red when the check failed.</summary>
    private static void Pair(StringBuilder html, TurnReport turn, string check, string? expected, string? got)
    {
        var bad = turn.Checks.Any(c => c.Name == check && !c.Passed);
        html.Append("<td class=\"pair").Append(bad ? " bad" : "").Append("\">");
        if (expected is not null)
        {
            html.Append("<small>").Append(E(expected)).Append("</small><br>");
        }

        html.Append(E(got ?? "-")).Append("</td>");
    }

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    private static string Ms(double ms) => ms.ToString(ms < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + " ms";

    private static string Short(string text) => text.Length <= 300 ? text : text[..297] + "...";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private const string Style = """
        :root { --pass: #1a7f37; --fail: #cf222e; --line: #d0d7de; --soft: #f6f8fa; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 14px/1.45 system-ui, "Noto Sans", "Noto Sans Arabic", "DejaVu Sans", sans-serif; color: #1f2328; }
        header { padding: 16px 24px; border-bottom: 1px solid var(--line); background: var(--soft); }
        h1 { margin: 0 0 4px; font-size: 20px; }
        h2 { font-size: 16px; margin: 0 0 4px; }
        nav { padding: 8px 24px; border-bottom: 1px solid var(--line); }
        nav ol { margin: 0; padding-left: 20px; columns: 3 260px; }
        nav a { text-decoration: none; color: inherit; }
        nav li.fail a { color: var(--fail); font-weight: 600; }
        main { padding: 8px 24px 32px; }
        .case { margin: 20px 0; padding: 12px; border: 1px solid var(--line); border-left: 6px solid var(--pass); border-radius: 6px; }
        .case.fail { border-left-color: var(--fail); }
        .meta { margin: 0 0 8px; color: #59636e; }
        .badge { display: inline-block; padding: 1px 8px; border-radius: 10px; color: #fff; font-size: 12px; font-weight: 600; }
        .badge.pass { background: var(--pass); } .badge.fail { background: var(--fail); }
        table { width: 100%; border-collapse: collapse; table-layout: fixed; }
        th, td { border-top: 1px solid var(--line); padding: 6px; vertical-align: top; text-align: start; }
        th { background: var(--soft); font-weight: 600; }
        th:nth-child(1) { width: 32px; } th:nth-child(2) { width: 18%; } th:nth-child(3), th:nth-child(4) { width: 30%; }
        th:nth-child(5), th:nth-child(6) { width: 9%; } th:nth-child(7) { width: 70px; }
        tr.fail td.n { color: var(--fail); font-weight: 700; }
        td.user { font-weight: 600; }
        .bubble { white-space: pre-wrap; background: var(--soft); border-radius: 8px; padding: 6px 8px; margin-bottom: 4px; max-height: 240px; overflow: auto; unicode-bidi: plaintext; }
        .buttons { margin: 2px 0 6px; }
        .button { display: inline-block; border: 1px solid #0969da; color: #0969da; border-radius: 12px; padding: 0 8px; margin: 2px; font-size: 12px; }
        ul.expect { margin: 0; padding-left: 16px; } .key { color: #59636e; }
        .check { margin-top: 4px; color: var(--fail); }
        .want { color: var(--pass); } .have { color: var(--fail); }
        pre.diff { margin: 4px 0; padding: 6px; background: #fff; border: 1px solid var(--line); white-space: pre-wrap; font-size: 12px; }
        .del { background: #ffebe9; color: #82071e; display: block; } .ins { background: #dafbe1; color: #116329; display: block; } .same { color: #59636e; display: block; }
        td.bad { background: #ffebe9; color: var(--fail); font-weight: 600; }
        .error { color: var(--fail); font-weight: 600; }
        .none { color: #59636e; margin: 0; }
        small { color: #59636e; }
        """;
}
