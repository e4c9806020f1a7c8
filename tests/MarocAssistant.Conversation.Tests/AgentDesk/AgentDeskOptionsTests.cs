using System.ComponentModel.DataAnnotations;
using MarocAssistant.Conversation.AgentDesk;

namespace MarocAssistant.Conversation.Tests.AgentDesk;

public sealed class AgentDeskOptionsTests
{
    [Fact]
    public void Validate_AgentWithPlainPasswordOrNoAdministration_IsRefused()
    {
        var options = new AgentDeskOptions
        {
            Agents =
            [
                new AgentAccount { User = "salma", PasswordHash = "hunter2-in-clear", Administrations = ["commune"] },
                new AgentAccount { User = "youssef", PasswordHash = AgentPasswords.Hash("a-good-password"), Administrations = [] },
                new AgentAccount { User = "salma", PasswordHash = AgentPasswords.Hash("a-good-password"), Administrations = ["commune"] },
            ],
            SigningKey = "too-short",
        };

        var problems = options.Validate(new ValidationContext(options)).Select(r => r.ErrorMessage!).ToList();

        Assert.Contains(problems, p => p.StartsWith("AgentDesk:Agents:0:PasswordHash", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("AgentDesk:Agents:1:Administrations", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("AgentDesk:Agents:2:User", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("AgentDesk:SigningKey", StringComparison.Ordinal));
    }

    [Fact]
    public void IsOpen_OfficeHours_ClosedAtNightAndAtWeekends()
    {
        var desk = new DeskAdministration
        {
            OpenDays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday],
            Opens = "08:30",
            Closes = "16:30",
            TimeZone = "UTC",
        };

        Assert.True(desk.IsOpen(new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero)));    // Monday morning
        Assert.False(desk.IsOpen(new DateTimeOffset(2026, 12, 7, 17, 0, 0, TimeSpan.Zero)));   // Monday evening
        Assert.False(desk.IsOpen(new DateTimeOffset(2026, 12, 6, 10, 0, 0, TimeSpan.Zero)));   // Sunday
        Assert.True(new DeskAdministration().IsOpen(new DateTimeOffset(2026, 12, 6, 3, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Passwords_HashThenVerify_OnlyTheSamePasswordPasses()
    {
        var hash = AgentPasswords.Hash("correct horse battery");

        Assert.True(AgentPasswords.Verify(hash, "correct horse battery"));
        Assert.False(AgentPasswords.Verify(hash, "correct horse batterY"));
        Assert.False(AgentPasswords.Verify("not-a-hash", "not-a-hash"));
    }
}
