using MarocAssistant.Testing;
using Microsoft.Playwright;

namespace MarocAssistant.EndToEnd.Tests.Widget;

/// <summary>Headless Debian Chromium, started once for the class; a fresh page per test.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser? Browser { get; private set; }

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            return;
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            // Debian's Chromium: Playwright must never download a browser of its own.
            ExecutablePath = ChromiumPath,
            Headless = true,
            Timeout = 60_000,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
            ],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}

[Collection(RunningHostCollection.Name)]
public sealed class WidgetBrowserTests : IClassFixture<BrowserFixture>
{
    private const string BotMessages = ".webchat__basic-transcript__activity .webchat__bubble:not(.webchat__bubble--from-user)";
    private const string SuggestedActions = "button.webchat__suggested-action";

    private readonly RunningHost _host;
    private readonly BrowserFixture _browser;

    public WidgetBrowserTests(RunningHost host, BrowserFixture browser)
    {
        _host = host;
        _browser = browser;
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DemoPage_DarijaQuestion_AnswersWithButtonsAndFollowsUpOnClick()
    {
        var page = await OpenDemoAsync("fr");
        var errors = CollectErrors(page);
        var input = page.Locator("[data-id=webchat-sendbox-input]");
        await Assertions.Expect(page.Locator(BotMessages).First).ToContainTextAsync("Salam", new() { Timeout = 20_000 });

        await input.FillAsync("bghit ndir lbasbor");
        await input.PressAsync("Enter");
        var choices = page.Locator(SuggestedActions);
        await Assertions.Expect(choices.First).ToBeVisibleAsync(new() { Timeout = 15_000 });
        var labels = await choices.AllInnerTextsAsync();
        Assert.True(labels.Count >= 2, "several passport procedures offered: " + string.Join(", ", labels));
        await SaveScreenshotAsync(page, "widget-darija-choices.png");

        var answersBefore = await page.Locator(BotMessages).CountAsync();
        await choices.Nth(1).ClickAsync();
        var answer = page.Locator(BotMessages).Nth(answersBefore);
        await Assertions.Expect(answer).ToContainTextAsync("passeport.ma", new() { Timeout = 15_000 });
        await Assertions.Expect(answer).ToContainTextAsync("Lmasdar");
        await Assertions.Expect(page.Locator(SuggestedActions).First).ToBeVisibleAsync();
        await SaveScreenshotAsync(page, "widget-darija-answer.png");

        // The answer's steps button gives the steps one at a time (issue 18: the details come on tap).
        var stepsBefore = await page.Locator(BotMessages).CountAsync();
        await page.Locator(SuggestedActions, new() { HasText = "Lkhatawat" }).ClickAsync();
        await Assertions.Expect(page.Locator(BotMessages).Nth(stepsBefore)).ToContainTextAsync("1/", new() { Timeout = 15_000 });

        Assert.Empty(await page.Locator("text=Send failed").AllAsync());
        Assert.Empty(errors);
        await SaveScreenshotAsync(page, "widget-darija-followup.png");
    }

    [Fact]
    public async Task DemoPage_Arabic_ShowsRightToLeftAndAnswersInArabic()
    {
        var page = await OpenDemoAsync("ar");
        var input = page.Locator("[data-id=webchat-sendbox-input]");
        await Assertions.Expect(page.Locator(BotMessages).First).ToContainTextAsync("مرحبا", new() { Timeout = 20_000 });

        await input.FillAsync("كيف أحصل على جواز السفر لأول مرة؟");
        await input.PressAsync("Enter");
        var answer = page.Locator(BotMessages).Nth(1);
        await Assertions.Expect(answer).ToContainTextAsync("جواز السفر", new() { Timeout = 15_000 });

        Assert.Equal("rtl", await page.Locator("#webchat").GetAttributeAsync("dir"));
        var direction = await answer.EvaluateAsync<string>("e => getComputedStyle(e).direction");
        Assert.Equal("rtl", direction);
        await SaveScreenshotAsync(page, "widget-arabic-rtl.png");
    }

    private async Task<IPage> OpenDemoAsync(string lang)
    {
        Requirements.SkipUnless(_browser.Browser is not null, $"Chromium is not installed at {BrowserFixture.ChromiumPath} (run eng/install-test-deps.sh)");
        var bundle = Path.Combine(AppContext.BaseDirectory, "wwwroot", "webchat", "webchat.js");
        Requirements.SkipUnless(File.Exists(bundle), "the Web Chat bundle was not fetched by the build (npm unavailable)");
        var context = await _browser.Browser!.NewContextAsync(new() { ViewportSize = new() { Width = 1100, Height = 900 }, Locale = "fr-FR" });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        await page.GotoAsync($"{_host.BaseUrl}/?lang={lang}");
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
        return errors;
    }

    private static async Task SaveScreenshotAsync(IPage page, string name)
    {
        var bytes = await page.ScreenshotAsync(new() { Path = Path.Combine(RunningHost.Artifacts, name), FullPage = true });
        TestContext.Current.AddAttachment(name, bytes, "image/png");
    }
}
