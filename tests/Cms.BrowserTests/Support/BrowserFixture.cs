using Microsoft.Playwright;

namespace Cms.Tests.Support;

/// <summary>
/// Debian's chromium driven by Playwright (never a downloaded browser), plus a real CMS host for the pages.
/// Screenshots go to TestResults/screenshots under the test output folder, kept as CI artifacts.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;
    public CmsHost Host { get; private set; } = null!;

    /// <summary>Settings for the host (a recipes folder of the test's own), for a fixture that wraps this one.</summary>
    public IDictionary<string, string?>? Settings { get; init; }

    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        Host = await CmsHost.StartAsync(settings: Settings);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        Directory.CreateDirectory(ScreenshotFolder);
    }

    public async Task<IPage> NewPageAsync(int width = 1280, int height = 800)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Host.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "fr-FR",
        });
        return await context.NewPageAsync();
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (Host is not null) await Host.DisposeAsync();
    }
}
