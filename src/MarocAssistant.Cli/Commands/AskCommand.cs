using System.CommandLine;
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
        var command = new Command("ask", "Ask the assistant in process and print the language, the procedure and the answer.") { questions };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var services = CliServices.Build();
            var pipeline = services.GetRequiredService<TurnPipeline>();
            var conversationId = "cli-" + Guid.NewGuid().ToString("N");
            TurnResult? last = null;
            foreach (var question in parse.GetValue(questions) ?? [])
            {
                last = await pipeline.RunAsync(new IncomingMessage("cli", conversationId, "cli-user", question), cancellationToken);
                Print(question, last);
            }

            Console.WriteLine($"outcome: {last?.Outcome}");
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
    }
}
