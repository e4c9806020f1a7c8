using System.CommandLine;
using MarocAssistant.Conversation.AgentDesk;

namespace MarocAssistant.Cli.Commands;

/// <summary><c>maroc agent hash-password &lt;password&gt;</c>: the value for <c>AgentDesk:Agents:N:PasswordHash</c>.</summary>
internal static class AgentCommands
{
    public static Command Create()
    {
        var password = new Argument<string>("password") { Description = "The agent's password; '-' reads it from the first line of standard input (kept out of the shell's history)." };
        var hash = new Command("hash-password", "Hash an agent's password with ASP.NET Core's password hasher; the last line is `hash: <value>`.") { password };
        hash.SetAction(parse =>
        {
            var value = parse.GetValue(password)!;
            if (value == "-")
            {
                value = Console.In.ReadLine() ?? "";
            }

            if (value.Length < 8)
            {
                Console.Error.WriteLine("A password has at least 8 characters.");
                return 2;
            }

            Console.WriteLine("Put this in AgentDesk:Agents:N:PasswordHash (the password itself is never configured).");
            Console.WriteLine($"hash: {AgentPasswords.Hash(value)}");
            return 0;
        });
        return new Command("agent", "The agent desk's accounts.") { hash };
    }
}
