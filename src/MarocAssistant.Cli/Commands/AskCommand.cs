using System.CommandLine;
using System.Text.Json;
using MarocAssistant.Conversation.Pipeline;
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
        command.Options.Add(json);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var services = CliServices.Build();
            var pipeline = services.GetRequiredService<TurnPipeline>();
            var conversationId = "cli-" + Guid.NewGuid().ToString("N");
            var asJson = parse.GetValue(json);
            var index = 0;
            foreach (var question in parse.GetValue(questions) ?? [])
            {
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
