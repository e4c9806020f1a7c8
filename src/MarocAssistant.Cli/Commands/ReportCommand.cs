using System.CommandLine;
using MarocAssistant.Recording.Feedback;

namespace MarocAssistant.Cli.Commands;

/// <summary><c>maroc report --feedback file.jsonl</c>: 👍/👎 per procedure and language, what had no good answer, hand-offs per procedure.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var file = new Option<string>("--feedback")
        {
            Description = "The feedback file the host writes (setting Feedback:Path).",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("Feedback__Path") ?? "data/feedback.jsonl",
        };
        var top = new Option<int>("--top") { Description = "How many unanswered questions to list.", DefaultValueFactory = _ => 30 };
        var command = new Command("report", "Print citizens' feedback per procedure and the questions that had no good answer.") { file, top };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path))
            {
                Console.Error.WriteLine($"No feedback file at {path} (set Feedback:Path on the host).");
                Console.WriteLine("unanswered: 0");
                return 1;
            }

            var report = FeedbackReport.Build(FeedbackStore.Read(path));
            Console.WriteLine($"{"procedure",-30} {"language",-9} {"👍",4} {"👎",4}");
            foreach (var (procedure, language, positive, negative) in report.Ratings)
            {
                Console.WriteLine($"{procedure,-30} {language,-9} {positive,4} {negative,4}");
            }

            Console.WriteLine();
            Console.WriteLine("Asked without a good answer (most frequent first):");
            foreach (var (language, question, count) in report.Unanswered.Take(parse.GetValue(top)))
            {
                Console.WriteLine($"{count,4}  {language,-9} {question}");
            }

            Console.WriteLine();
            Console.WriteLine("Hand-offs to a person per procedure ('-': none in focus):");
            foreach (var (procedure, count) in report.Handoffs)
            {
                Console.WriteLine($"{count,4}  {procedure}");
            }

            Console.WriteLine($"unanswered: {report.Unanswered.Sum(u => u.Count)}");
            return 0;
        });
        return command;
    }
}
