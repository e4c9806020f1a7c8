using System.Globalization;
using System.Text;
using MarocAssistant.Composition;
using MarocAssistant.Conversation.Pipeline;
using MarocAssistant.Retrieval.Corpus;

namespace MarocAssistant.Cli.Evaluation;

/// <summary>One scored turn of the evaluation.</summary>
public sealed record ScoredTurn(
    ConversationCase Conversation,
    int Index,
    string Text,
    ExpectedMove Expected,
    TurnResult Result,
    bool Correct,
    bool FocusHijacked)
{
    /// <summary>What the assistant did, in the label vocabulary of the set.</summary>
    public string Actual => OutcomeKinds.Of(Result.Outcome) switch
    {
        OutcomeKind.Answer => $"procedure: {Result.ProcedureId}",
        OutcomeKind.Clarify => $"clarify: [{string.Join(", ", Result.Choices ?? [])}]",
        OutcomeKind.NotCovered => ExpectedMove.Unknown,
        OutcomeKind.OutOfScope => ExpectedMove.OutOfScope,
        OutcomeKind.Refusal => ExpectedMove.Refuse,
        OutcomeKind.Handoff => ExpectedMove.Handoff,
        OutcomeKind.SmallTalk => ExpectedMove.SmallTalk,
        _ => Result.Outcome,
    };
}

/// <summary>The figures of one evaluation run.</summary>
public sealed record ConversationReport(IReadOnlyList<ScoredTurn> Turns)
{
    public double Understanding => Turns.Count == 0 ? 0 : (double)Turns.Count(t => t.Correct) / Turns.Count;

    public int FocusHijacks => Turns.Count(t => t.FocusHijacked);

    /// <summary>Accuracy of the turns grouped by a key (language, expected kind).</summary>
    public IReadOnlyList<(string Key, int Turns, int Correct)> By(Func<ScoredTurn, string> key) =>
        Turns.GroupBy(key).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Count(), g.Count(t => t.Correct))).ToList();

    public double Accuracy(Func<ScoredTurn, bool> filter)
    {
        var selected = Turns.Where(filter).ToList();
        return selected.Count == 0 ? 1 : (double)selected.Count(t => t.Correct) / selected.Count;
    }

    /// <summary>The printed report; its last line is <c>understanding: &lt;fraction&gt;</c>.</summary>
    public string Render(bool listFailures)
    {
        var text = new StringBuilder();
        var conversations = Turns.Select(t => t.Conversation).Distinct().Count();
        text.AppendLine(CultureInfo.InvariantCulture, $"conversations: {conversations}, turns: {Turns.Count}");
        text.AppendLine("by language:");
        foreach (var (key, count, correct) in By(t => t.Conversation.Language))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {key,-10} {correct,5}/{count,-5} {(double)correct / count:0.000}");
        }

        text.AppendLine("by expected kind:");
        foreach (var (key, count, correct) in By(t => t.Expected.Kind))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {key,-12} {correct,5}/{count,-5} {(double)correct / count:0.000}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"focus hijacks (a follow-up moved to another procedure): {FocusHijacks}");
        if (listFailures)
        {
            text.AppendLine("failures:");
            foreach (var turn in Turns.Where(t => !t.Correct))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  {turn.Conversation.Id}#{turn.Index + 1} \"{turn.Text}\" expected {turn.Expected}, got {turn.Actual}{(turn.FocusHijacked ? " [hijack]" : "")}");
            }
        }

        text.Append(CultureInfo.InvariantCulture, $"understanding: {Understanding:0.0000}");
        return text.ToString();
    }
}

/// <summary>
/// Runs labelled conversations through the turn pipeline in process, each in a conversation of its own, and scores
/// every turn against what a competent agent would do.
/// </summary>
public sealed class ConversationEvaluator(TurnPipeline pipeline, ProcedureCorpus corpus)
{
    public async Task<ConversationReport> EvaluateAsync(IReadOnlyList<ConversationCase> conversations, CancellationToken cancellationToken = default)
    {
        var scored = new List<ScoredTurn>();
        foreach (var conversation in conversations)
        {
            var conversationId = "eval-" + conversation.Id;
            TurnResult? previous = null;
            string? expectedFocus = null;
            string? answeredFocus = null;
            for (var i = 0; i < conversation.Turns.Count; i++)
            {
                var turn = conversation.Turns[i];
                var text = turn.User ?? PressedValue(turn.Press!, previous, conversation.Language);
                var result = await pipeline.RunAsync(new IncomingMessage("eval", conversationId, "eval-user", text), cancellationToken);
                var expected = ExpectedMove.Parse(turn.Expect);
                var correct = IsCorrect(expected, result);
                // A hijack: the assistant was on the right procedure, the citizen followed up on it, and the reply moved away.
                var hijacked = expected.Kind == ExpectedMove.Procedure
                    && expected.Procedures[0] == expectedFocus
                    && answeredFocus == expectedFocus
                    && OutcomeKinds.Of(result.Outcome) == OutcomeKind.Answer
                    && result.ProcedureId != expectedFocus;
                scored.Add(new ScoredTurn(conversation, i, turn.Press is null ? text : "[press " + turn.Press + "]", expected, result, correct, hijacked));
                if (expected.Kind == ExpectedMove.Procedure)
                {
                    expectedFocus = expected.Procedures[0];
                }

                if (OutcomeKinds.Of(result.Outcome) == OutcomeKind.Answer)
                {
                    answeredFocus = result.ProcedureId;
                }

                previous = result;
            }
        }

        return new ConversationReport(scored);
    }

    /// <summary>
    /// A correct turn does what was expected: the expected procedure answered; "which one?" offering every expected
    /// candidate; or the expected kind of reply.
    /// </summary>
    public static bool IsCorrect(ExpectedMove expected, TurnResult result)
    {
        var kind = OutcomeKinds.Of(result.Outcome);
        return expected.Kind switch
        {
            ExpectedMove.Procedure => kind == OutcomeKind.Answer && result.ProcedureId == expected.Procedures[0],
            ExpectedMove.Clarify => kind == OutcomeKind.Clarify && result.Choices is { Count: > 0 } choices && expected.Procedures.All(choices.Contains),
            ExpectedMove.Unknown => kind == OutcomeKind.NotCovered,
            ExpectedMove.OutOfScope => kind == OutcomeKind.OutOfScope,
            ExpectedMove.Refuse => kind == OutcomeKind.Refusal,
            ExpectedMove.Handoff => kind == OutcomeKind.Handoff,
            ExpectedMove.SmallTalk => kind == OutcomeKind.SmallTalk,
            _ => false,
        };
    }

    /// <summary>The value of the button offered for that procedure; else its title, as a citizen would type it.</summary>
    private string PressedValue(string procedureId, TurnResult? previous, string language)
    {
        var offered = previous?.Replies.SelectMany(r => r.Actions).FirstOrDefault(a => a.ProcedureId == procedureId);
        if (offered is not null)
        {
            return offered.Value;
        }

        var record = corpus.Find(procedureId) ?? throw new FormatException($"Unknown procedure id '{procedureId}' in a press turn.");
        return record.Block(ReplyLanguages.ToRecordLanguage(language)).Title;
    }
}
