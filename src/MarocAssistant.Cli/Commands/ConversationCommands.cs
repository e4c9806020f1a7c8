using System.CommandLine;
using MarocAssistant.Cli.Evaluation;
using MarocAssistant.Conversation.Pipeline;
using MarocAssistant.Retrieval.Corpus;
using Microsoft.Extensions.DependencyInjection;

namespace MarocAssistant.Cli.Commands;

/// <summary><c>maroc eval conversations &lt;file or folder&gt;</c>: runs labelled multi-turn conversations in process and scores every turn.</summary>
internal static class ConversationCommands
{
    public static Command Eval()
    {
        var path = new Argument<string>("path") { Description = "A conversation YAML file, or a folder of them (e.g. tests/conversations/dev)." };
        var failures = new Option<bool>("--failures") { Description = "List every turn the assistant got wrong." };
        var command = new Command("conversations", "Score the assistant on labelled conversations; the last line is `understanding: <fraction of turns>`.") { path };
        command.Options.Add(failures);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var source = parse.GetValue(path)!;
            if (!File.Exists(source) && !Directory.Exists(source))
            {
                Console.Error.WriteLine($"No such file or folder: {source}");
                return 2;
            }

            var conversations = ConversationSet.Load(source);
            using var services = CliServices.Build();
            var evaluator = new ConversationEvaluator(services.GetRequiredService<TurnPipeline>(), services.GetRequiredService<ProcedureCorpus>());
            var report = await evaluator.EvaluateAsync(conversations, cancellationToken);
            Console.WriteLine(report.Render(parse.GetValue(failures)));
            return 0;
        });
        return command;
    }
}
