using System.CommandLine;
using MarocAssistant.Cli.Commands;
using MarocAssistant.Testing;
using Xunit;

namespace MarocAssistant.Cli.Tests.Commands;

/// <summary>The commands print to the console, so these tests run alone.</summary>
[CollectionDefinition(nameof(ConsoleCollection), DisableParallelization = true)]
public sealed class ConsoleCollection;

[Collection(nameof(ConsoleCollection))]
public sealed class RetrievalCommandsTests
{
    [Fact]
    public async Task EvalRetrieval_TsvFile_PrintsPerLanguageScoresAndHit3Last()
    {
        var file = Path.Combine(Path.GetTempPath(), $"eval-{Guid.NewGuid():N}.tsv");
        var index = Path.Combine(Path.GetTempPath(), $"eval-{Guid.NewGuid():N}.index");
        await File.WriteAllTextAsync(file, "passport-first\tary-Latn\tbghit ndir lbasbor awel mra\nout-of-scope\ten\tTell me a joke about cats\n", TestContext.Current.CancellationToken);
        try
        {
            var (exit, output) = await RunAsync(RetrievalCommands.CreateEvalRetrievalCommand(), "retrieval", file, "--corpus", RepoPaths.Corpus, "--index", index, "--no-dense");

            Assert.Equal(0, exit);
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.Contains(lines, l => l.StartsWith("ary-Latn", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("out-of-scope: 1 questions", StringComparison.Ordinal));
            Assert.StartsWith("hit@3: ", lines[^1], StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
            File.Delete(index);
        }
    }

    [Fact]
    public async Task Index_Corpus_WritesTheIndexFile()
    {
        Requirements.SkipUnless(Directory.Exists(Path.Combine(RepoPaths.Corpus, "procedures")), "corpus/procedures is missing");
        var index = Path.Combine(Path.GetTempPath(), $"index-{Guid.NewGuid():N}.index");
        try
        {
            var (exit, output) = await RunAsync(RetrievalCommands.CreateIndexCommand(), "index", "--corpus", RepoPaths.Corpus, "--index", index, "--no-dense");

            Assert.Equal(0, exit);
            Assert.True(File.Exists(index));
            Assert.StartsWith("index_ms: ", output.TrimEnd().Split('\n')[^1], StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(index);
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
