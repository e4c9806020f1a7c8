using System.CommandLine;
using MarocAssistant.Cli.Commands;
using MarocAssistant.Language.Onnx;
using MarocAssistant.Testing;
using Xunit;

namespace MarocAssistant.Cli.Tests.Commands;

[Collection(nameof(ConsoleCollection))]
public sealed class LangIdCommandsTests
{
    [Fact]
    public async Task EvalLangId_MixedCorpus_PrintsConfusionMixedStatsAndMacroF1Last()
    {
        var model = Path.Combine(RepoPaths.Models, "langid.onnx");
        var mixed = Path.Combine(RepoPaths.Corpus, "langid", "mixed.tsv");
        Requirements.SkipUnless(OrtRuntime.TryLoad(out var error), "ONNX Runtime library: " + error);
        Requirements.SkipUnless(File.Exists(model) && File.Exists(mixed), "models/langid.onnx and corpus/langid/mixed.tsv");

        var (exit, output) = await RunAsync(LangIdCommands.Eval(), "langid", mixed, "--model", model);

        Assert.Equal(0, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains(lines, l => l.StartsWith("gold \\ predicted", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("mixed: ", StringComparison.Ordinal));
        Assert.Matches(@"^macro-F1: [01]\.\d{4}$", lines[^1]);
    }

    [Fact]
    public async Task TrainLangId_SmallFile_WritesModelJsonAndDevMacroF1Last()
    {
        var chat = Path.Combine(RepoPaths.Corpus, "langid", "chat.tsv");
        Requirements.SkipUnless(File.Exists(chat), "corpus/langid/chat.tsv");
        var dir = Directory.CreateTempSubdirectory("train-langid-").FullName;
        try
        {
            var output = Path.Combine(dir, "langid.onnx");
            var emptyChatFolder = Directory.CreateDirectory(Path.Combine(dir, "no-chat")).FullName;

            var (exit, printed) = await RunAsync(LangIdCommands.Train(), "langid", "--data", chat, "--chat", emptyChatFolder, "--epochs", "1", "--out", output);

            Assert.Equal(0, exit);
            Assert.True(File.Exists(output));
            Assert.True(File.Exists(Path.ChangeExtension(output, ".json")));
            var lines = printed.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.Contains(lines, l => l.StartsWith("epoch  1/1: ", StringComparison.Ordinal));
            Assert.Matches(@"^dev macro-F1: [01]\.\d{4}$", lines[^1]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task TrainLangId_ChatFolderHoldsTheDataFileAndItsProvenance_ReadsEachOnce()
    {
        var chat = Path.Combine(RepoPaths.Corpus, "langid", "chat.tsv");
        Requirements.SkipUnless(File.Exists(chat), "corpus/langid/chat.tsv");
        var dir = Directory.CreateTempSubdirectory("train-langid-").FullName;
        try
        {
            // The layout of corpus/langid: the main file, its provenance table and chat files side by side.
            var data = Path.Combine(dir, "train.tsv");
            File.Copy(chat, data);
            File.WriteAllText(Path.Combine(dir, "train.provenance.tsv"), "label\tsource\ttext\nfr\tsomewhere\tbonjour\n");
            File.WriteAllLines(Path.Combine(dir, "extra.tsv"), ["fr\tbonjour je voudrais un rendez-vous", "ary-Arab\tبغيت موعد عافاك"]);
            var output = Path.Combine(dir, "out", "langid.onnx");
            Directory.CreateDirectory(Path.GetDirectoryName(output)!);

            var (exit, printed) = await RunAsync(LangIdCommands.Train(), "langid", "--data", data, "--chat", dir, "--epochs", "1", "--out", output);

            Assert.Equal(0, exit);
            var dataLines = printed.Split('\n', StringSplitOptions.TrimEntries).Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).ToList();
            Assert.Equal(2, dataLines.Count);
            Assert.Contains(dataLines, l => l.Contains("/train.tsv:", StringComparison.Ordinal));
            Assert.Contains(dataLines, l => l.Contains("/extra.tsv: 2 examples", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<(int Exit, string Output)> RunAsync(Command command, params string[] args)
    {
        var root = new RootCommand { command };
        var original = Console.Out;
        using var writer = new StringWriter();
        Console.SetOut(writer);
        try
        {
            var exit = await root.Parse(args).InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);
            return (exit, writer.ToString());
        }
        finally
        {
            Console.SetOut(original);
        }
    }
}
