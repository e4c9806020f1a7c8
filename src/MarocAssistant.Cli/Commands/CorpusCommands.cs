using System.CommandLine;
using MarocAssistant.Training.CorpusCheck;

namespace MarocAssistant.Cli.Commands;

/// <summary>
/// <c>maroc corpus check [--corpus folder]</c>: validates every record, prints the coverage per language, then (before
/// its last line, <c>procedures: n</c>) the records with an official source and the facts resting on press or guides only.
/// </summary>
internal static class CorpusCommands
{
    public static Command Create()
    {
        var corpus = new Option<string>("--corpus")
        {
            Description = "The corpus folder (holding procedures/, questions/ and procedure.schema.json).",
            DefaultValueFactory = _ => DefaultCorpusFolder(),
        };
        var check = new Command("check", "Validate the corpus against the schema and rules; exits non-zero on any error.") { corpus };
        check.SetAction(parse =>
        {
            var report = CorpusChecker.Check(parse.GetValue(corpus)!);
            PrintTable(report);
            foreach (var error in report.Errors)
            {
                Console.Error.WriteLine("error: " + error);
            }

            var unofficial = report.Rows.Select(r => r.Id).Except(report.OfficialSourced, StringComparer.Ordinal).ToList();
            if (unofficial.Count > 0)
            {
                Console.WriteLine("no official source: " + string.Join(", ", unofficial));
            }

            Console.WriteLine($"errors: {report.Errors.Count}");
            Console.WriteLine($"official-sourced: {report.OfficialSourced.Count}/{report.Rows.Count}");
            Console.WriteLine($"third-party-only facts: {report.ThirdPartyOnlyFacts}");
            Console.WriteLine($"procedures: {report.Rows.Count}");
            return report.Ok ? 0 : 1;
        });
        return new Command("corpus", "Work with the procedures corpus.") { check };
    }

    /// <summary>The repository's corpus when run from a checkout, else the copy shipped next to the binary.</summary>
    private static string DefaultCorpusFolder()
    {
        var cwd = Path.Combine(Environment.CurrentDirectory, "corpus");
        return File.Exists(Path.Combine(cwd, "procedure.schema.json")) ? cwd : Path.Combine(AppContext.BaseDirectory, "corpus");
    }

    private static void PrintTable(CorpusReport report)
    {
        string[] languages = ["fr", "ar", "ary", "ary_latn", "en"];
        string[] labels = ["ary-Arab", "ary-Latn", "arb", "fr", "en"];
        Console.WriteLine($"{"procedure",-30} {string.Join(' ', languages.Select(l => l.PadRight(8)))} steps docs fees srcs  questions ({string.Join('/', labels)})");
        foreach (var row in report.Rows)
        {
            var marks = string.Join(' ', languages.Select(l => (row.Languages[l] ? "yes" : "-").PadRight(8)));
            var questions = string.Join('/', labels.Select(l => row.Questions[l]));
            Console.WriteLine($"{row.Id,-30} {marks} {row.Steps,5} {row.Documents,4} {row.Fees,4} {row.Sources,4}  {questions}");
        }

        var totals = languages.Select(l => $"{l} {report.Rows.Count(r => r.Languages[l])}/{report.Rows.Count}");
        Console.WriteLine("coverage: " + string.Join(", ", totals));
    }
}
