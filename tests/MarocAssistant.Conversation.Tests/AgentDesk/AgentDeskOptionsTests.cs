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
    public void NextOpening_EveningWeekendAndEarlyMorning_NextOpenDayAtOpeningTime()
    {
        var desk = Weekdays("UTC");

        Assert.Equal(new DeskOpening(1, DayOfWeek.Tuesday, new TimeOnly(8, 30)), desk.NextOpening(new DateTimeOffset(2026, 12, 7, 17, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DeskOpening(3, DayOfWeek.Monday, new TimeOnly(8, 30)), desk.NextOpening(new DateTimeOffset(2026, 12, 4, 16, 30, 0, TimeSpan.Zero)));
        Assert.Equal(new DeskOpening(1, DayOfWeek.Monday, new TimeOnly(8, 30)), desk.NextOpening(new DateTimeOffset(2026, 12, 6, 10, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DeskOpening(0, DayOfWeek.Monday, new TimeOnly(8, 30)), desk.NextOpening(new DateTimeOffset(2026, 12, 7, 8, 29, 0, TimeSpan.Zero)));
        Assert.Equal(new DeskOpening(7, DayOfWeek.Wednesday, TimeOnly.MinValue), new DeskAdministration { OpenDays = [DayOfWeek.Wednesday], TimeZone = "UTC" }.NextOpening(new DateTimeOffset(2026, 12, 9, 20, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void IsOpen_MoroccoTime_UsesTheLocalClockNotUtc()
    {
        var desk = Weekdays(DeskAdministration.MoroccoTimeZone);

        // 08:00 UTC on a Monday of December is 09:00 in Morocco (UTC+1): open; 16:00 UTC is 17:00: closed.
        Assert.True(desk.IsOpen(new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.Zero)));
        Assert.False(desk.IsOpen(new DateTimeOffset(2026, 12, 7, 16, 0, 0, TimeSpan.Zero)));
        // 23:30 UTC on Monday is already Tuesday 00:30 in Morocco: the desk opens later "today".
        Assert.Equal(new DeskOpening(0, DayOfWeek.Tuesday, new TimeOnly(8, 30)), desk.NextOpening(new DateTimeOffset(2026, 12, 7, 23, 30, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void IsOpen_ZoneMissingFromTheSystem_FallsBackToUtcPlusOne()
    {
        // A zone the system does not know stands for a missing time zone database: Morocco's UTC+1 is used.
        var desk = Weekdays("Nowhere/No_Tzdata");

        Assert.True(desk.IsOpen(new DateTimeOffset(2026, 12, 7, 7, 30, 0, TimeSpan.Zero)));    // 08:30 at UTC+1
        Assert.False(desk.IsOpen(new DateTimeOffset(2026, 12, 7, 7, 29, 0, TimeSpan.Zero)));
        Assert.False(desk.IsOpen(new DateTimeOffset(2026, 12, 7, 15, 30, 0, TimeSpan.Zero)));  // 16:30 at UTC+1
    }

    [Fact]
    public void Validate_UnknownZone_IsRefusedButMoroccoAlwaysPasses()
    {
        var options = new AgentDeskOptions
        {
            Administrations = new(StringComparer.OrdinalIgnoreCase)
            {
                ["commune"] = Weekdays(DeskAdministration.MoroccoTimeZone),
                ["elsewhere"] = Weekdays("Nowhere/No_Tzdata"),
            },
        };

        var problems = options.Validate(new ValidationContext(options)).Select(r => r.ErrorMessage!).ToList();

        Assert.Equal("AgentDesk:Administrations:elsewhere:TimeZone 'Nowhere/No_Tzdata' is not a known time zone.", Assert.Single(problems));
    }

    [Fact]
    public void Passwords_HashThenVerify_OnlyTheSamePasswordPasses()
    {
        var hash = AgentPasswords.Hash("correct horse battery");

        Assert.True(AgentPasswords.Verify(hash, "correct horse battery"));
        Assert.False(AgentPasswords.Verify(hash, "correct horse batterY"));
        Assert.False(AgentPasswords.Verify("not-a-hash", "not-a-hash"));
    }

    private static DeskAdministration Weekdays(string zone) => new()
    {
        OpenDays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday],
        Opens = "08:30",
        Closes = "16:30",
        TimeZone = zone,
    };
}
