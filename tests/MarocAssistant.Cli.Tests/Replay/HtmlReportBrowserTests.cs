using MarocAssistant.Cli.Replay;
using MarocAssistant.Testing;
using Microsoft.Playwright;

namespace MarocAssistant.Cli.Tests.Replay;

/// <summary>The HTML report opened in the Debian Chromium (never a downloaded browser), as a tester would.</summary>
public sealed class HtmlReportBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task Html_GoldenAndEmulatorRun_RendersInChromiumWithFailuresVisible()
    {
        Requirements.SkipUnless(File.Exists(Chromium), "Chromium is not installed at " + Chromium + " (eng/install-test-deps.sh installs it)");
        var emulator = RepoPaths.FixtureFile("botframework", "emulator-sample-conversation.transcript");
        var inputs = new List<string> { Path.Combine(RepoPaths.Root, "tests", "transcripts", "conversation-ary-arab.yaml"), Path.Combine(RepoPaths.Root, "tests", "transcripts", "cnie-first.yaml") };
        if (File.Exists(emulator))
        {
            inputs.Add(emulator);
        }

        await using var target = InProcessReplayTarget.Create();
        var report = await new ReplayRunner(target).RunAsync(ReplayInputs.Load(inputs, withVariants: true), TestContext.Current.CancellationToken);
        var folder = Path.Combine(AppContext.BaseDirectory, "artifacts");
        var html = Path.Combine(folder, "replay-report.html");
        var screenshot = Path.Combine(folder, "replay-report.png");
        HtmlReport.Write(report, html);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium,
            Headless = true,
            Timeout = 60_000,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
            ],
        });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        await page.GotoAsync(new Uri(html).AbsoluteUri);

        await Assertions.Expect(page.GetByTestId("summary")).ToContainTextAsync($"{report.Passed}/{report.Total} passed");
        await Assertions.Expect(page.GetByTestId("case")).ToHaveCountAsync(report.Total);
        await Assertions.Expect(page.Locator("td.user").First).ToBeVisibleAsync();
        if (File.Exists(emulator))
        {
            await Assertions.Expect(page.Locator("section.case.fail .del").First).ToContainTextAsync("Welcome to the e2e testing bot");
        }

        var arabic = page.Locator("td.user", new() { HasTextString = "بغيت نجدد الباسبور" }).First;
        Assert.Equal("rtl", await arabic.EvaluateAsync<string>("e => getComputedStyle(e).direction"));
        await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });

        Assert.Empty(errors);
        Assert.True(new FileInfo(screenshot).Length > 10_000, "the screenshot is empty");
        TestContext.Current.AddAttachment("replay-report.png", await File.ReadAllBytesAsync(screenshot, TestContext.Current.CancellationToken), "image/png");
    }
}
