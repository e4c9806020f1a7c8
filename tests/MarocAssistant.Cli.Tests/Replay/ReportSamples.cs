using MarocAssistant.Cli.Replay;

namespace MarocAssistant.Cli.Tests.Replay;

/// <summary>A small run with a passing script, a failing one (Arabic, a diff, a hostile text) and a broken file.</summary>
internal static class ReportSamples
{
    public static ReplayReport Mixed()
    {
        var passTurn = new ReplayTurn("bghit ndir lakart awel mra", new TurnExpectation { Language = "ary-Latn", Procedure = "cnie-first", Contains = ["75 dh"] });
        var passGot = new ObservedTurn([new ObservedReply("message", "Bch7al: 75 dh", [new ObservedButton("Lkhatwa jaya", "Lkhatwa jaya")], Language: "ary-Latn", Detected: "ary-Latn", Procedure: "cnie-first", Outcome: "answer")], 1.4);
        var passing = new CaseReport(
            new ReplayCase("cnie-first (ary-Latn)", "tests/transcripts/cnie-first.yaml", ReplaySourceKind.Script, [passTurn]),
            [new TurnReport(1, passTurn, passGot, ReplayComparer.Check(passTurn.Expect, passGot))],
            3.0);

        var failTurn = new ReplayTurn("بغيت نجدد الباسبور <script>alert(1)</script>", new TurnExpectation
        {
            Language = "ary-Arab",
            Procedure = "passport-renewal",
            Replies = [new ExpectedReply("message", "خلص 500 درهم\nفـ passeport.ma", [], null, "ary-Arab", "passport-renewal", "answer")],
        });
        var failGot = new ObservedTurn([new ObservedReply("message", "خلص 600 درهم\nفـ passeport.ma", [], Language: "ary-Arab", Detected: "arb", Procedure: "passport-first", Outcome: "answer")], 2.5);
        var failing = new CaseReport(
            new ReplayCase("recorded.transcript", "tests/transcripts/recorded.transcript", ReplaySourceKind.Transcript, [failTurn]),
            [new TurnReport(1, failTurn, failGot, ReplayComparer.Check(failTurn.Expect, failGot))],
            4.0);

        var broken = new CaseReport(ReplayCase.Broken("tests/transcripts/broken.yaml", "cannot read the test: unknown key 'contain'"), [], 0, "cannot read the test: unknown key 'contain'");
        return new ReplayReport([passing, failing, broken], "in process", new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero), 12.0);
    }
}
