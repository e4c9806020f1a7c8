using MarocAssistant.Cli.Replay;

namespace MarocAssistant.Cli.Tests.Replay;

public sealed class ReplayComparerTests
{
    private static ObservedTurn Got(string text, string? procedure = "cnie-first", string outcome = "answer", params ObservedButton[] buttons) =>
        new([new ObservedReply("message", text, buttons, Language: "fr", Detected: "fr", Procedure: procedure, Outcome: outcome)], 3.2);

    [Fact]
    public void Check_ScriptExpectationsMet_AllPass()
    {
        var expect = new TurnExpectation
        {
            Language = "fr",
            Procedure = "cnie-first",
            Outcome = "answer",
            Contains = ["75  dh", "CNIE.MA"],
            NotContains = ["AB123456"],
            Buttons = ["suivante"],
            ButtonCount = 1,
            Handoff = false,
            MaxMs = 100,
        };

        var checks = ReplayComparer.Check(expect, Got("Frais : 75\ndh, voir cnie.ma", buttons: new ObservedButton("Étape suivante", "Étape suivante")));

        Assert.All(checks, c => Assert.True(c.Passed, c.Name));
        Assert.Equal(10, checks.Count);
    }

    [Fact]
    public void Check_WrongProcedureAndSlow_ReportsEachMismatch()
    {
        var checks = ReplayComparer.Check(new TurnExpectation { Procedure = "passport-first", MaxMs = 1, Handoff = true }, Got("x"));

        Assert.Equal(["procedure", "handoff", "max_ms"], checks.Where(c => !c.Passed).Select(c => c.Name));
        Assert.Equal("cnie-first", checks[0].Got);
    }

    [Fact]
    public void Check_ProcedureNone_DemandsNoProcedure()
    {
        Assert.True(ReplayComparer.Check(new TurnExpectation { Procedure = "none" }, Got("salam", procedure: null))[0].Passed);
        Assert.False(ReplayComparer.Check(new TurnExpectation { Procedure = "none" }, Got("salam"))[0].Passed);
    }

    [Fact]
    public void Check_RecordedReplyDiffersOnlyInWhitespaceAndRedactedData_Passes()
    {
        var expect = new TurnExpectation
        {
            Replies = [new ExpectedReply("message", "Appelez le [PHONE]\n\nou écrivez à [EMAIL]", [], null, "fr", "cnie-first", "answer")],
        };

        var checks = ReplayComparer.Check(expect, Got("Appelez le 05 37 27 37 27   ou écrivez à contact@dgsn.gov.ma"));

        Assert.All(checks, c => Assert.True(c.Passed, c.Name + ": " + c.Expected + " / " + c.Got));
    }

    [Fact]
    public void Check_RecordedReplyTextChanged_LineDiff()
    {
        var expect = new TurnExpectation { Replies = [new ExpectedReply("message", "Étapes :\n1. Prendre rendez-vous\n2. Payer 75 DH", [], null, null, null, null)] };

        var failed = ReplayComparer.Check(expect, Got("Étapes :\n1. Prendre rendez-vous\n2. Payer 100 DH")).Single(c => !c.Passed);

        Assert.Equal("reply 1 text", failed.Name);
        Assert.Equal(["  1. Prendre rendez-vous", "- 2. Payer 75 DH", "+ 2. Payer 100 DH"], failed.Diff!.Select(l => l.ToString()));
    }

    [Fact]
    public void Check_RecordedEventMissing_Reported()
    {
        var expect = new TurnExpectation
        {
            Replies = [new ExpectedReply("message", "ok", [], null, null, null, null), new ExpectedReply("event", null, [], "handoff", null, null, null)],
        };

        var failures = ReplayComparer.Check(expect, Got("ok")).Where(c => !c.Passed).ToList();

        Assert.Equal(["replies", "reply 2"], failures.Select(f => f.Name));
        Assert.Equal("event handoff", failures[1].Expected);
    }
}
