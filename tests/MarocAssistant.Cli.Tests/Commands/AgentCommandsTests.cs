using System.CommandLine;
using MarocAssistant.Cli.Commands;
using MarocAssistant.Conversation.AgentDesk;
using Xunit;

namespace MarocAssistant.Cli.Tests.Commands;

[Collection(nameof(ConsoleCollection))]
public sealed class AgentCommandsTests
{
    [Fact]
    public async Task HashPassword_Password_LastLineIsAHashThatVerifiesIt()
    {
        var (exit, output) = await RunAsync("agent", "hash-password", "s3cret-desk-pass");

        Assert.Equal(0, exit);
        var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
        Assert.StartsWith("hash: ", last, StringComparison.Ordinal);
        var hash = last["hash: ".Length..];
        Assert.True(AgentPasswords.LooksLikeHash(hash));
        Assert.True(AgentPasswords.Verify(hash, "s3cret-desk-pass"));
        Assert.False(AgentPasswords.Verify(hash, "s3cret-desk-pasS"));
        Assert.DoesNotContain("s3cret-desk-pass", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HashPassword_TooShort_FailsWithoutHash()
    {
        var (exit, output) = await RunAsync("agent", "hash-password", "short");

        Assert.Equal(2, exit);
        Assert.DoesNotContain("hash:", output, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        var root = new RootCommand { AgentCommands.Create() };
        var (original, originalError) = (Console.Out, Console.Error);
        using var output = new StringWriter();
        using var errors = new StringWriter();
        Console.SetOut(output);
        Console.SetError(errors);
        try
        {
            var exit = await root.Parse(args).InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);
            return (exit, output.ToString());
        }
        finally
        {
            Console.SetOut(original);
            Console.SetError(originalError);
        }
    }
}
