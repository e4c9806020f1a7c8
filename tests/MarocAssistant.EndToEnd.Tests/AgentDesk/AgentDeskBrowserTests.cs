using MarocAssistant.Conversation.AgentDesk;
using MarocAssistant.EndToEnd.Tests.Widget;
using MarocAssistant.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace MarocAssistant.EndToEnd.Tests.AgentDesk;

/// <summary>
/// The agent desk in a real Chromium: a citizen in the demo page's Web Chat asks for a person, an agent on
/// <c>/agent</c> takes the conversation and replies, the citizen sees the reply, the agent releases it and the
/// assistant answers the next question. Once on one host, once with <c>State:Redis</c> and the citizen and the agent
/// on two different hosts.
/// </summary>
public sealed class AgentDeskBrowserTests : IClassFixture<BrowserFixture>
{
    private const string Password = "agent-desk-browser-0123";
    private const string BotMessages = ".webchat__basic-transcript__activity .webchat__bubble:not(.webchat__bubble--from-user)";

    private readonly BrowserFixture _browser;

    public AgentDeskBrowserTests(BrowserFixture browser)
    {
        _browser = browser;
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Desk_OneHost_AgentTakesRepliesAndReleasesCitizenSeesIt()
    {
        RequireBrowser();
        await using var host = await DeskHost.StartAsync(Settings());

        await RunScenarioAsync(host.BaseUrl, host.BaseUrl, "agent-desk.png");
    }

    [Fact]
    public async Task Desk_RedisTwoHosts_CitizenOnOneAgentOnTheOther()
    {
        RequireBrowser();
        Requirements.SkipUnless(RedisServer.FindExecutable() is not null, "redis-server is not installed (run eng/install-test-deps.sh)");
        await using var redis = await RedisServer.StartAsync(Ct);
        var settings = Settings();
        settings["State:Redis"] = redis.ConnectionString;
        await using var citizenHost = await DeskHost.StartAsync(settings);
        await using var agentHost = await DeskHost.StartAsync(settings);

        await RunScenarioAsync(citizenHost.BaseUrl, agentHost.BaseUrl, "agent-desk-two-hosts.png");
    }

    private async Task RunScenarioAsync(string citizenUrl, string agentUrl, string screenshot)
    {
        var citizen = await NewPageAsync($"{citizenUrl}/?lang=fr");
        var errors = CollectErrors(citizen);
        var input = citizen.Locator("[data-id=webchat-sendbox-input]");
        await Assertions.Expect(citizen.Locator(BotMessages).First).ToContainTextAsync("Salam", new() { Timeout = 20_000 });

        // The agent signs in first: someone is there, so the citizen is told a person will answer.
        var agent = await NewPageAsync($"{agentUrl}/agent");
        var agentErrors = CollectErrors(agent);
        await agent.Locator("#user").FillAsync("salma");
        await agent.Locator("#password").FillAsync(Password);
        await agent.Locator("#login button[type=submit]").ClickAsync();
        await Assertions.Expect(agent.Locator("#queue-empty")).ToBeVisibleAsync();

        await SayAsync(citizen, input, "bghit ndir lbasbor awel mra", "passeport.ma");
        await SayAsync(citizen, input, "bghit nhder m3a chi wa7ed", "chi wa7ed ghadi yjawbek hna");

        // Live queue: the conversation appears without reloading; the agent opens it, reads the summary and takes it.
        var item = agent.Locator("#queue-list li").First;
        await Assertions.Expect(item).ToContainTextAsync("passport-first", new() { Timeout = 15_000 });
        await item.ClickAsync();
        await Assertions.Expect(agent.Locator("#summary")).ToContainTextAsync("Transfert vers un agent");
        await agent.Locator("#take").ClickAsync();
        await Assertions.Expect(agent.Locator("#send")).ToBeEnabledAsync();

        // Held: the citizen's message reaches the agent, the assistant stays silent.
        var before = await citizen.Locator(BotMessages).CountAsync();
        await input.FillAsync("salam, 3ndi safar mn daba 10 ayam");
        await input.PressAsync("Enter");
        await Assertions.Expect(agent.Locator("#history .msg.citizen").Last).ToContainTextAsync("3ndi safar", new() { Timeout = 15_000 });
        Assert.Equal(before, await citizen.Locator(BotMessages).CountAsync());

        await agent.Locator("#reply").FillAsync("Mrehba bik. Ghadi nchouf m3ak l'mawid.");
        await agent.Locator("#send").ClickAsync();
        var agentReply = citizen.Locator(BotMessages).Nth(before);
        await Assertions.Expect(agentReply).ToContainTextAsync("Mrehba bik. Ghadi nchouf m3ak l'mawid.", new() { Timeout = 15_000 });

        // A person, not the assistant: the agent's name in bold and "agent" head the reply; the assistant's bubbles have no name.
        await Assertions.Expect(agentReply.Locator("strong")).ToHaveTextAsync("Salma (MarocAssistant)");
        await Assertions.Expect(agentReply).ToContainTextAsync("Salma (MarocAssistant) · agent");
        await agentReply.ScrollIntoViewIfNeededAsync();
        await SaveScreenshotAsync(citizen, "citizen-" + screenshot);
        Assert.Equal(0, await citizen.Locator(BotMessages).Nth(0).Locator("strong", new() { HasText = "Salma" }).CountAsync());
        await Assertions.Expect(agent.Locator("#history .msg.agent").Last).ToContainTextAsync("Ghadi nchouf m3ak");
        await SaveScreenshotAsync(agent, screenshot);

        // Released: back to the assistant, which answers the next question about the same passport.
        await agent.Locator("#release").ClickAsync();
        await Assertions.Expect(citizen.Locator(BotMessages).Nth(before + 1)).ToContainTextAsync("Lmowadaf rje3k lia", new() { Timeout = 15_000 });
        await Assertions.Expect(agent.Locator("#queue-empty")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        try
        {
            await SayAsync(citizen, input, "ch7al kayklef?", "awel mra");   // still the first passport: the focus survived the hand-off
        }
        catch (PlaywrightException)
        {
            await SaveScreenshotAsync(citizen, "citizen-failed-" + screenshot);
            throw;
        }

        Assert.Empty(await citizen.Locator("text=Send failed").AllAsync());
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        Assert.True(agentErrors.Count == 0, string.Join("\n", agentErrors));
    }

    private static async Task SayAsync(IPage page, ILocator input, string text, string expected)
    {
        var before = await page.Locator(BotMessages).CountAsync();
        await input.FillAsync(text);
        await input.PressAsync("Enter");
        await Assertions.Expect(page.Locator(BotMessages).Nth(before)).ToContainTextAsync(expected, new() { Timeout = 15_000 });
    }

    private void RequireBrowser()
    {
        Requirements.SkipUnless(_browser.Browser is not null, $"Chromium is not installed at {BrowserFixture.ChromiumPath} (run eng/install-test-deps.sh)");
        var bundle = Path.Combine(AppContext.BaseDirectory, "wwwroot", "webchat", "webchat.js");
        Requirements.SkipUnless(File.Exists(bundle), "the Web Chat bundle was not fetched by the build (npm unavailable)");
    }

    private async Task<IPage> NewPageAsync(string url)
    {
        var context = await _browser.Browser!.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 }, Locale = "fr-FR" });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        await page.GotoAsync(url);
        return page;
    }

    private static List<string> CollectErrors(IPage page)
    {
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                errors.Add($"{response.Status} {response.Url}");
            }
        };
        return errors;
    }

    private static async Task SaveScreenshotAsync(IPage page, string name)
    {
        var bytes = await page.ScreenshotAsync(new() { Path = Path.Combine(RunningHost.Artifacts, name) });
        TestContext.Current.AddAttachment(name, bytes, "image/png");
    }

    /// <summary>The demo page's administration ("demo") with one agent; the keys every host of a deployment shares.</summary>
    private static Dictionary<string, string?> Settings() => new()
    {
        ["DirectLine:TokenSigningKey"] = "agent-desk-browser-directline-key-0123456789",
        ["AgentDesk:SigningKey"] = "agent-desk-browser-session-key-0123456789",
        ["AgentDesk:Agents:0:User"] = "salma",
        ["AgentDesk:Agents:0:Name"] = "Salma (MarocAssistant)",
        ["AgentDesk:Agents:0:PasswordHash"] = AgentPasswords.Hash(Password),
        ["AgentDesk:Agents:0:Administrations:0"] = "demo",
        ["WarmUp:Rounds"] = "2",
    };

    /// <summary>The real host on Kestrel at 127.0.0.1 with a random port, with the given settings.</summary>
    private sealed class DeskHost : IAsyncDisposable
    {
        private readonly WebApplicationFactory<Program> _factory;

        private DeskHost(WebApplicationFactory<Program> factory, string baseUrl)
        {
            _factory = factory;
            BaseUrl = baseUrl;
        }

        public string BaseUrl { get; }

        public static Task<DeskHost> StartAsync(Dictionary<string, string?> settings)
        {
            var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
            {
                b.UseSetting("urls", "http://127.0.0.1:0");
                foreach (var (key, value) in settings)
                {
                    b.UseSetting(key, value);
                }
            });
            factory.UseKestrel();
            factory.StartServer();
            var addresses = factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
            return Task.FromResult(new DeskHost(factory, addresses.First(a => a.StartsWith("http://127.0.0.1:", StringComparison.Ordinal)).TrimEnd('/')));
        }

        public ValueTask DisposeAsync() => _factory.DisposeAsync();
    }
}
