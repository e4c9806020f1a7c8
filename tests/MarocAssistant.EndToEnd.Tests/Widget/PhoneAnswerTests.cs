using Deque.AxeCore.Playwright;
using MarocAssistant.Testing;
using Microsoft.Playwright;

namespace MarocAssistant.EndToEnd.Tests.Widget;

/// <summary>
/// Issue 18 on a phone-size page (390×844): a short first answer with a link that can be tapped, the details on
/// buttons, and axe-core finding no serious or critical violation with the answer shown. The screenshots of the
/// README (docs/screenshots) are the ones these tests save in artifacts/end-to-end.
/// </summary>
[Collection(RunningHostCollection.Name)]
public sealed class PhoneAnswerTests : IClassFixture<BrowserFixture>
{
    private const string BotMessages = ".webchat__basic-transcript__activity .webchat__bubble:not(.webchat__bubble--from-user)";
    private const string SuggestedActions = "button.webchat__suggested-action";

    private readonly RunningHost _host;
    private readonly BrowserFixture _browser;

    public PhoneAnswerTests(RunningHost host, BrowserFixture browser)
    {
        _host = host;
        _browser = browser;
    }

    [Fact]
    public async Task PhonePage_DarijaPassportQuestion_ShortAnswerWithFeeTappableLinkDetailsOnTapAndNoSeriousAxeViolation()
    {
        var page = await OpenPhoneDemoAsync("ary");

        var answer = await AskAsync(page, "bghit njded lbasbor dyali");

        await Assertions.Expect(answer).ToContainTextAsync("500");
        var words = (await answer.InnerTextAsync()).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Count(w => w.Any(char.IsLetterOrDigit));
        Assert.InRange(words, 1, 120);
        var link = answer.Locator("a[href='https://www.passeport.ma']");
        await Assertions.Expect(link).ToBeVisibleAsync();
        await Assertions.Expect(link).ToContainTextAsync("passeport.ma");

        // Buttons a screen reader can name, and the details on tap.
        var toolbar = page.GetByRole(AriaRole.Toolbar);
        await Assertions.Expect(toolbar.GetByRole(AriaRole.Button, new() { Name = "👍 Nafe3", Exact = true })).ToHaveCountAsync(1);
        await Assertions.Expect(toolbar.GetByRole(AriaRole.Button, new() { Name = "👎 Machi nafe3", Exact = true })).ToHaveCountAsync(1);
        var axe = await page.RunAxe();
        var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id} ({v.Impact}): {v.Help}").ToList();
        Assert.True(serious.Count == 0, string.Join("\n", serious));

        var before = await page.Locator(BotMessages).CountAsync();
        await page.Locator(SuggestedActions, new() { HasText = "Lwra9" }).ClickAsync();
        var documents = page.Locator(BotMessages).Nth(before);
        await Assertions.Expect(documents).ToContainTextAsync("Lwra9", new() { Timeout = 15_000 });
        await Assertions.Expect(documents.Locator("li").First).ToBeVisibleAsync();
    }

    [Theory]
    [InlineData("fr", "je veux renouveler mon passeport", "500 DH", "phone-fr.png")]
    [InlineData("ar", "كيف أجدد جواز السفر؟", "500 درهم", "phone-ar.png")]
    [InlineData("ary", "بغيت نجدد الباسبور ديالي", "500 درهم", "phone-ary.png")]
    public async Task PhonePage_PassportQuestion_ShortAnswerFitsThePhoneAndIsScreenshot(string lang, string question, string fee, string screenshot)
    {
        var page = await OpenPhoneDemoAsync(lang);

        var answer = await AskAsync(page, question);

        await Assertions.Expect(answer).ToContainTextAsync(fee);
        await Assertions.Expect(answer.Locator("a[href='https://www.passeport.ma']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(SuggestedActions).First).ToBeVisibleAsync();
        var axe = await page.RunAxe();
        Assert.DoesNotContain(axe.Violations, v => v.Impact is "serious" or "critical");
        var bytes = await page.ScreenshotAsync(new() { Path = Path.Combine(RunningHost.Artifacts, screenshot) });
        TestContext.Current.AddAttachment(screenshot, bytes, "image/png");
    }

    private async Task<IPage> OpenPhoneDemoAsync(string lang)
    {
        Requirements.SkipUnless(_browser.Browser is not null, $"Chromium is not installed at {BrowserFixture.ChromiumPath} (run eng/install-test-deps.sh)");
        var bundle = Path.Combine(AppContext.BaseDirectory, "wwwroot", "webchat", "webchat.js");
        Requirements.SkipUnless(File.Exists(bundle), "the Web Chat bundle was not fetched by the build (npm unavailable)");
        var context = await _browser.Browser!.NewContextAsync(new()
        {
            ViewportSize = new() { Width = 390, Height = 844 },
            DeviceScaleFactor = 1,
            IsMobile = true,
            HasTouch = true,
            Locale = lang == "fr" ? "fr-FR" : "ar-MA",
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        await page.GotoAsync($"{_host.BaseUrl}/?lang={lang}");
        await Assertions.Expect(page.Locator(BotMessages).First).ToBeVisibleAsync(new() { Timeout = 20_000 });
        return page;
    }

    /// <summary>Sends a question with the keyboard and returns the bubble of its answer, scrolled into view.</summary>
    private static async Task<ILocator> AskAsync(IPage page, string question)
    {
        var before = await page.Locator(BotMessages).CountAsync();
        var input = page.Locator("[data-id=webchat-sendbox-input]");
        await input.FillAsync(question);
        await input.PressAsync("Enter");
        var answer = page.Locator(BotMessages).Nth(before);
        await Assertions.Expect(answer).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator(SuggestedActions).First).ToBeVisibleAsync();
        await answer.ScrollIntoViewIfNeededAsync();
        return answer;
    }
}
