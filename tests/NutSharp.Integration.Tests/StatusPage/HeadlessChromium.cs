using Microsoft.Playwright;
using NutSharp.Testing;

namespace NutSharp.Integration.Tests.StatusPage;

/// <summary>
/// A real browser for the status page's tests: Debian's chromium (<see cref="Executable"/>,
/// installed by scripts/install-deps.sh test), headless, driven by Microsoft.Playwright. Playwright's
/// own browser download is never used: the package's driver runs the system's chromium.
/// Screenshots go to artifacts/screenshots/, kept after the run as test artifacts.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    public const string Executable = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private HeadlessChromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    /// <summary>Where screenshots are kept: artifacts/screenshots/ in the repository.</summary>
    public static string ScreenshotDirectory => Path.Combine(TestPaths.RepositoryRoot, "artifacts", "screenshots");

    public static async Task<HeadlessChromium> LaunchAsync()
    {
        TestPaths.RequireInstalled(Executable);
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = Executable,
                Headless = true,
                // Root (CI) cannot use chromium's sandbox; the page is our own, on loopback.
                ChromiumSandbox = false,
            });
            return new HeadlessChromium(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>A fresh page (its own context: no cookies or session storage shared between tests).</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 900 } });
        var page = await context.NewPageAsync();
        // Generous bounds for anything waited for; no test asserts how long it took.
        page.SetDefaultTimeout((float)Wait.DefaultTimeout.TotalMilliseconds);
        return page;
    }

    /// <summary>Saves a full-page screenshot as artifacts/screenshots/<paramref name="name"/>.png and returns its path.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        string path = Path.Combine(ScreenshotDirectory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.AddTestAttachment(path, "the status page");
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
