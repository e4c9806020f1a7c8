using System.CommandLine;
using MarocAssistant.Cli.Commands;
using MarocAssistant.Testing;
using Xunit;

namespace MarocAssistant.Cli.Tests.Commands;

[Collection(nameof(ConsoleCollection))]
public sealed class CorpusCommandsTests
{
    [Fact]
    public async Task Check_ShippedCorpus_PassesAndPrintsSourceCountsBeforeTheLastLine()
    {
        var root = new RootCommand { CorpusCommands.Create() };
        var (original, originalError) = (Console.Out, Console.Error);
        using var output = new StringWriter();
        using var errors = new StringWriter();
        Console.SetOut(output);
        Console.SetError(errors);
        int exit;
        try
        {
            exit = await root.Parse(["corpus", "check", "--corpus", RepoPaths.Corpus]).InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);
        }
        finally
        {
            Console.SetOut(original);
            Console.SetError(originalError);
        }

        Assert.True(exit == 0, errors.ToString());
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("procedures: ", lines[^1], StringComparison.Ordinal);
        Assert.Matches(@"^third-party-only facts: \d+$", lines[^2]);
        Assert.Matches(@"^official-sourced: \d+/\d+$", lines[^3]);
        Assert.EndsWith("/" + lines[^1]["procedures: ".Length..], lines[^3], StringComparison.Ordinal);
        Assert.Equal("errors: 0", lines[^4]);
    }
}
