using System.Globalization;
using MarocAssistant.Composition.Answers;
using MarocAssistant.Retrieval.Corpus;
using MarocAssistant.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MarocAssistant.Host.Tests.AgentDesk;

/// <summary>
/// With nobody to answer (no agent signed in, or outside the administration's opening hours) the citizen gets the
/// contact at once and, in their language and script, when agents answer: the next opening when closed, the closing
/// time when open. The host's clock is set by the test (Morocco is UTC+1 in December).
/// </summary>
public sealed class AgentDeskHoursTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Handoff_InsideHoursNoAgentSignedIn_SaysUntilWhenAgentsAnswer()
    {
        var clock = Clock("2026-12-08T10:00:00+01:00");   // Tuesday morning in Rabat
        await using var host = Start(clock);

        var text = await HandoffReplyAsync(host, "bghit nhder m3a chi wa7ed");

        Assert.StartsWith("7ta mowadaf makayn daba.", text, StringComparison.Ordinal);
        Assert.EndsWith(Format(host, RecordLanguage.AryLatn, "desk_open_until", ("time", "16:30")), text, StringComparison.Ordinal);
        Assert.Contains("7ta l 16:30.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Ghadi ykoun chi mowadaf", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handoff_WeekdayEveningWithAnAgentSignedIn_SaysTomorrowsOpening()
    {
        var clock = Clock("2026-12-08T19:00:00+01:00");   // Tuesday evening
        await using var host = Start(clock);
        using var salma = await AgentDeskApiTests.SignInAsync(host, "salma");   // signed in, but the desk is closed

        var text = await HandoffReplyAsync(host, "bghit nhder m3a chi wa7ed");

        Assert.StartsWith("7ta mowadaf makayn daba.", text, StringComparison.Ordinal);
        Assert.EndsWith("Ghadi ykoun chi mowadaf ghedda m3a 08:30.", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handoff_SaturdayAndEarlyMonday_SaysMondayThenToday()
    {
        var clock = Clock("2026-12-12T11:00:00+01:00");   // Saturday
        await using var host = Start(clock);

        Assert.EndsWith("Ghadi ykoun chi mowadaf nhar letnin m3a 08:30.", await HandoffReplyAsync(host, "bghit nhder m3a chi wa7ed"), StringComparison.Ordinal);

        clock.Advance(TimeSpan.FromHours(44));   // Monday 07:00, before opening
        Assert.EndsWith("Ghadi ykoun chi mowadaf lyoum m3a 08:30.", await HandoffReplyAsync(host, "bghit nhder m3a chi wa7ed"), StringComparison.Ordinal);
    }

    // Right-to-left replies isolate the Latin digits of the time (U+2068 ... U+2069), as every Arabic-script reply does.
    [Theory]
    [InlineData("Je voudrais parler à un agent, s'il vous plaît", "Un agent sera disponible lundi à 08:30.")]
    [InlineData("اريد التحدث مع موظف مختص من فضلك", "سيكون موظف متاحا يوم الاثنين على الساعة \u206808:30\u2069.")]
    [InlineData("عافاك بغيت نهضر مع شي موظف", "غادي يكون شي موظف نهار الاثنين مع \u206808:30\u2069.")]
    [InlineData("bghit nhder m3a chi wa7ed", "Ghadi ykoun chi mowadaf nhar letnin m3a 08:30.")]
    [InlineData("Can I talk to a real person please?", "An agent will be available on Monday at 08:30.")]
    public async Task Handoff_FridayEveningEachLanguageAndScript_SaysMondayInTheCitizensLanguage(string message, string expected)
    {
        var clock = Clock("2026-12-11T20:00:00+01:00");   // Friday evening
        await using var host = Start(clock);

        var text = await HandoffReplyAsync(host, message);

        Assert.EndsWith(expected, text, StringComparison.Ordinal);
    }

    private static ManualTimeProvider Clock(string at) => new(DateTimeOffset.Parse(at, CultureInfo.InvariantCulture));

    /// <summary>The commune's desk, open Monday to Friday 08:30–16:30, Morocco time; the host on <paramref name="clock"/>.</summary>
    private static AssistantHost Start(ManualTimeProvider clock)
    {
        var settings = AgentDeskApiTests.DeskSettings();
        settings["AgentDesk:Administrations:commune:Opens"] = "08:30";
        settings["AgentDesk:Administrations:commune:Closes"] = "16:30";
        settings["AgentDesk:Administrations:commune:TimeZone"] = "Africa/Casablanca";
        foreach (var (day, i) in new[] { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday" }.Select((d, i) => (d, i)))
        {
            settings[$"AgentDesk:Administrations:commune:OpenDays:{i}"] = day;
        }

        return AssistantHost.Start(settings, services => services.AddSingleton<TimeProvider>(clock));
    }

    /// <summary>A new widget conversation of the commune; the bot's reply to <paramref name="message"/>.</summary>
    private static async Task<string> HandoffReplyAsync(AssistantHost host, string message)
    {
        using var http = host.CreateClient();
        using var directLine = new DirectLineTestClient(http);
        var (conversationId, token) = await AgentDeskApiTests.WidgetConversationAsync(directLine);
        await directLine.PostMessageAsync(conversationId, token, message, cancellationToken: Ct);
        var (activities, _) = await directLine.ReadAsync(conversationId, token, cancellationToken: Ct);
        var reply = activities.Last(a => (string?)a!["type"] == "message" && (string?)a["from"]!["role"] == "bot")!;
        return (string)reply["text"]!;
    }

    private static string Format(AssistantHost host, RecordLanguage language, string key, params (string, string)[] values) =>
        host.Service<TemplateAnswerComposer>().Templates.Format(language, key, values);
}
