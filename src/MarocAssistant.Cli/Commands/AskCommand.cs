using System.CommandLine;
using System.Text.Json;
using MarocAssistant.Conversation.Pipeline;
using MarocAssistant.Conversation.Understanding;
using MarocAssistant.Retrieval.Search;
using Microsoft.Extensions.DependencyInjection;

namespace MarocAssistant.Cli.Commands;

/// <summary><c>maroc ask "question" ["next question" ...]</c>: runs turns in process, in one conversation, and prints what happened.</summary>
internal static class AskCommand
{
    public static Command Create()
    {
        var questions = new Argument<string[]>("questions")
        {
            Description = "One or more messages, sent in order in the same conversation (e.g. a question, then \"bch7al?\").",
            Arity = ArgumentArity.OneOrMore,
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per turn (language, procedure, outcome kind, buttons, events) instead of text." };
        var command = new Command("ask", "Ask the assistant in process and print the language, the procedure and the answer.") { questions };
        var explain = new Option<bool>("--explain")
        {
            Description = "Before each turn, print what the rules read in the message: the procedures it names, the search's candidates and the message-kind scores.",
        };
        command.Options.Add(json);
        command.Options.Add(explain);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var services = CliServices.Build();
            var pipeline = services.GetRequiredService<TurnPipeline>();
            var conversationId = "cli-" + Guid.NewGuid().ToString("N");
            var asJson = parse.GetValue(json);
            var index = 0;
            foreach (var question in parse.GetValue(questions) ?? [])
            {
                if (parse.GetValue(explain))
                {
                    await ExplainAsync(services, question, cancellationToken);
                }

                var turn = await pipeline.RunAsync(new IncomingMessage("cli", conversationId, "cli-user", question), cancellationToken);
                if (asJson)
                {
                    Console.WriteLine(ToJson(index, question, turn));
                }
                else
                {
                    Print(question, turn);
                }

                index++;
            }

            return 0;
        });
        return command;
    }

    /// <summary>What the dialog rules see in a message, for whoever asks why a turn went where it went.</summary>
    private static async Task ExplainAsync(IServiceProvider services, string question, CancellationToken cancellationToken)
    {
        var named = services.GetRequiredService<ProcedureMentions>().Named(question);
        var found = await services.GetRequiredService<IProcedureSearch>().SearchAsync(new SearchQuery(question), cancellationToken);
        var kinds = services.GetRequiredService<MessageKinds>().Score(question);
        var family = services.GetRequiredService<ProcedureFamilies>().Match(question);
        var topic = services.GetRequiredService<NotCoveredTopics>().Match(question);
        Console.WriteLine($"# named: [{string.Join(", ", named)}]");
        Console.WriteLine($"# search: confidence {found.Confidence:0.000}, choice {found.ChoiceConfidence:0.000}: "
            + string.Join(", ", found.Candidates.Select(c => $"{c.ProcedureId} {c.Score:0.000}")));
        Console.WriteLine($"# kinds: admin {kinds.Admin:0.000} off-topic {kinds.OutOfScope:0.000} refuse {kinds.Refuse:0.000} "
            + $"handoff {kinds.Handoff:0.000} small talk {kinds.SmallTalk:0.000} restart {kinds.Restart:0.000}");
        Console.WriteLine($"# family: {(family is { } f ? string.Join("|", f.Records.Select(r => r.Id)) : "-")}; not covered: {topic?.Id ?? "-"}");
        var understood = services.GetRequiredService<ITurnUnderstanding>().Understand(question);
        Console.WriteLine($"# understood: {understood.Intent}, facet {understood.Facet}, {understood.WordCount} words"
            + (understood.AsksRequirement ? ", asks a requirement" : "") + (understood.MovesOn ? ", moves on" : "")
            + (understood.Situation.ImpliedKind is { } kind ? $", variant {kind}" : "") + (understood.Situation.Abroad ? ", abroad" : "")
            + (understood.Situation.Age is { } age ? $", age {age}" : ""));
    }

    private static void Print(string question, TurnResult turn)
    {
        var detected = turn.Detected;
        Console.WriteLine($"> {question}");
        Console.WriteLine($"language: {detected.Label} ({detected.Confidence:0.00}){(detected.IsMixed ? $", mixed with {detected.Secondary}" : "")}");
        Console.WriteLine($"procedure: {turn.ProcedureId ?? "-"}");
        foreach (var reply in turn.Replies)
        {
            Console.WriteLine();
            Console.WriteLine(reply.Text);
            foreach (var action in reply.Actions)
            {
                Console.WriteLine($"  [{action.Title}] -> {action.Value}");
            }
        }

        foreach (var turnEvent in turn.Events ?? [])
        {
            Console.WriteLine($"event {turnEvent.Name}: {turnEvent.Value}");
        }

        Console.WriteLine();
        Console.WriteLine($"outcome: {turn.Outcome}");
    }

    /// <summary>One turn as a single line of JSON, for testers and scripts.</summary>
    internal static string ToJson(int index, string question, TurnResult turn)
    {
        var detected = turn.Detected;
        var body = new Dictionary<string, object?>
        {
            ["turn"] = index + 1,
            ["text"] = question,
            ["language"] = detected.Label,
            ["confidence"] = Math.Round(detected.Confidence, 4),
            ["mixed"] = detected.IsMixed ? detected.Secondary : null,
            ["reply_language"] = turn.Replies.Count > 0 ? turn.Replies[0].Language : null,
            ["procedure"] = turn.ProcedureId,
            ["outcome"] = OutcomeKinds.Of(turn.Outcome).Wire(),
            ["detail"] = turn.Outcome,
            ["choices"] = turn.Choices ?? [],
            ["buttons"] = turn.Replies.SelectMany(r => r.Actions)
                .Select(a => new Dictionary<string, object?> { ["title"] = a.Title, ["value"] = a.Value, ["procedure"] = a.ProcedureId })
                .ToList(),
            ["events"] = (turn.Events ?? []).Select(e => new Dictionary<string, object?> { ["name"] = e.Name, ["value"] = e.Value }).ToList(),
            ["replies"] = turn.Replies.Select(r => r.Text).ToList(),
        };
        return JsonSerializer.Serialize(body, JsonOptions);
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
