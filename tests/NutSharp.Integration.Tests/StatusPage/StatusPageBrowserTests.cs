using System.Text.Json;
using Microsoft.Playwright;
using NutSharp.Integration.Tests.Http;

namespace NutSharp.Integration.Tests.StatusPage;

/// <summary>
/// The live status page in a real browser (headless chromium) against the native server: a
/// dummy-ups device named <c>demo</c> whose definition file the test rewrites, as a UPS changes
/// state. Every wait is for something to show on the page (or in the history), never a delay.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class StatusPageBrowserTests
{
    private HttpSandbox _sandbox = null!;
    private HeadlessChromium _chromium = null!;

    private const string DemoDev = """
        device.type: ups
        ups.mfr: "NutSharp"
        ups.model: "Demo 1500"
        ups.id: demo-1
        ups.status: OL
        battery.charge: 100
        battery.runtime: 1800
        ups.load: 23
        input.voltage: 230.4
        input.frequency: 50.0
        output.voltage: 230.0

        """;

    [SetUp]
    public async Task StartServerAndBrowser()
    {
        _sandbox = new HttpSandbox();
        _sandbox.Host.Append("ups.conf", """

            [demo]
            	driver = dummy-ups
            	port = demo.dev
            	desc = "NutSharp demo UPS"
            	pollinterval = 1

            """);
        _sandbox.Host.Append("ups.conf", """

            [linky]
            	driver = dummy-ups
            	port = linky.dev
            	desc = "Electricity meter"

            """);
        _sandbox.Host.Write("linky.dev", "device.type: meter\nups.status: OL\ninput.power: 340\ninput.current: 1.5\nups.load: 11\n");
        WriteDemo(DemoDev);
        // Every change its own sample, so a quick series of changes shows one by one.
        _sandbox.ExtraHttpSettings = "history_resolution_seconds = 0\n";
        await _sandbox.StartAsync();
        _chromium = await HeadlessChromium.LaunchAsync();
    }

    [TearDown]
    public async Task StopServerAndBrowser()
    {
        if (_chromium is not null) await _chromium.DisposeAsync();
        _sandbox.Dispose();
    }

    /// <summary>Rewrites demo.dev in one step (a rename), so the driver never reads half a file.</summary>
    private void WriteDemo(string text)
    {
        string path = _sandbox.Host.ConfPath("demo.dev");
        File.WriteAllText(path + ".new", text);
        File.Move(path + ".new", path, overwrite: true);
    }

    private static ILocator Demo(IPage page) => page.Locator("section.device[data-device='demo']");

    [Test]
    public async Task The_page_shows_the_demo_ups_and_follows_it_from_on_line_to_on_battery()
    {
        var page = await _chromium.NewPageAsync();
        await page.GotoAsync(_sandbox.BaseAddress.ToString());

        var demo = Demo(page);
        await Assertions.Expect(demo.Locator("h2")).ToHaveTextAsync("demo");
        await Assertions.Expect(demo.Locator(".description")).ToHaveTextAsync("NutSharp demo UPS");
        await Assertions.Expect(demo.Locator(".status")).ToHaveTextAsync("On line");
        await Assertions.Expect(demo.Locator(".figures [data-figure='battery.charge'] dd")).ToHaveTextAsync("100 %");
        await Assertions.Expect(demo.Locator(".figures [data-figure='input.voltage'] dd")).ToHaveTextAsync("230.4 V · 50.0 Hz");
        await Assertions.Expect(demo.Locator(".variables tr[data-var='ups.model'] .value")).ToHaveTextAsync("Demo 1500");
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("live");

        // The power fails: the file says so, the page follows by itself (no reload, no polling).
        WriteDemo(DemoDev.Replace("ups.status: OL", "ups.status: OB DISCHRG").Replace("battery.charge: 100", "battery.charge: 87")
            .Replace("input.voltage: 230.4", "input.voltage: 0.0"));
        await Assertions.Expect(demo.Locator(".status")).ToHaveTextAsync("On battery, Discharging");
        await Assertions.Expect(demo.Locator(".status")).ToHaveAttributeAsync("data-severity", "warning");
        await Assertions.Expect(demo.Locator(".figures [data-figure='battery.charge'] dd")).ToHaveTextAsync("87 %");
        await Assertions.Expect(demo.Locator(".charts [data-chart='battery.charge'] .last")).ToHaveTextAsync("87 %");
        await Assertions.Expect(demo.Locator(".charts [data-chart='battery.charge'] path.plot")).ToHaveAttributeAsync("d", new System.Text.RegularExpressions.Regex("^M.*V"));

        string screenshot = await HeadlessChromium.ScreenshotAsync(page, "status-page-on-battery");
        Assert.That(new FileInfo(screenshot).Length, Is.GreaterThan(0));
        TestContext.Out.WriteLine("screenshot: " + screenshot);
    }

    [Test]
    public async Task The_history_holds_a_series_of_changes_in_order()
    {
        var page = await _chromium.NewPageAsync();
        await page.GotoAsync(_sandbox.BaseAddress.ToString());
        var demo = Demo(page);
        await Assertions.Expect(demo.Locator(".status")).ToHaveTextAsync("On line");

        var steps = new[] { ("OB DISCHRG", 80), ("OB DISCHRG", 60), ("OB LB", 40), ("OL CHRG", 55) };
        foreach (var (status, charge) in steps)
        {
            WriteDemo(DemoDev.Replace("ups.status: OL", "ups.status: " + status).Replace("battery.charge: 100", $"battery.charge: {charge}"));
            await Assertions.Expect(demo.Locator(".figures [data-figure='battery.charge'] dd")).ToHaveTextAsync($"{charge} %");
        }
        await Assertions.Expect(demo.Locator(".status")).ToHaveTextAsync("On line, Charging");

        using var history = JsonDocument.Parse(await _sandbox.Client.GetStringAsync("history.json?ups=demo"));
        var json = history.RootElement;
        Assert.That(json.GetProperty("ups").GetString(), Is.EqualTo("demo"));
        var charges = json.GetProperty("values").GetProperty("battery.charge").EnumerateArray()
            .Where(v => v.ValueKind == JsonValueKind.Number).Select(v => v.GetDouble()).ToList();
        Assert.That(charges, Is.EqualTo(new double[] { 100, 80, 60, 40, 55 }), "every step, in order, once each");
        var times = json.GetProperty("time").EnumerateArray().Select(t => t.GetInt64()).ToList();
        Assert.That(times, Is.Ordered, "oldest first");
        Assert.That(times, Has.Count.EqualTo(json.GetProperty("values").GetProperty("battery.charge").GetArrayLength()));

        // The page's chart drew the same series: its range covers the lowest and highest charge.
        await Assertions.Expect(demo.Locator(".charts [data-chart='battery.charge'] .axis")).ToContainTextAsync("40–100 %");
    }

    [Test]
    public async Task A_logged_in_user_sets_a_variable_from_the_page_and_sees_the_driver_take_it()
    {
        var page = await _chromium.NewPageAsync();
        await page.GotoAsync(_sandbox.BaseAddress.ToString());
        var demo = Demo(page);
        await Assertions.Expect(demo.Locator(".status")).ToHaveTextAsync("On line");
        await demo.Locator("details.variables summary").ClickAsync();
        await Assertions.Expect(demo.Locator("form.set")).ToHaveCountAsync(0);

        // A wrong password is refused on the page, and nothing is offered.
        await page.FillAsync("#login-user", "admin");
        await page.FillAsync("#login-password", "not-the-password");
        await page.ClickAsync("#login button[type=submit]");
        await Assertions.Expect(page.Locator("#login-error")).ToHaveTextAsync("wrong user or password");
        await Assertions.Expect(demo.Locator("form.set")).ToHaveCountAsync(0);

        await page.FillAsync("#login-password", "adminpass");
        await page.ClickAsync("#login button[type=submit]");
        await Assertions.Expect(page.Locator("#session-user")).ToHaveTextAsync("admin");
        await Assertions.Expect(demo.Locator(".commands button[data-command='load.off']")).ToHaveCountAsync(1);

        var row = demo.Locator(".variables tr[data-var='ups.id']");
        await row.Locator("input[name=value]").FillAsync("rack-7");
        await row.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(demo.Locator(".result")).ToHaveTextAsync("Variable ups.id on device demo saved successfully");
        // The new value comes back the way every change does: from the driver, through the events.
        await Assertions.Expect(row.Locator(".value")).ToHaveTextAsync("rack-7");
        using var nut = _sandbox.Host.Connect();
        Assert.That(nut.Ask("GET VAR demo ups.id"), Is.EqualTo("VAR demo ups.id \"rack-7\""), "NUT clients see it too");

        // A user without SET rights is offered no form.
        await page.ClickAsync("#logout");
        await page.FillAsync("#login-user", "watcher");
        await page.FillAsync("#login-password", "watchpass");
        await page.ClickAsync("#login button[type=submit]");
        await Assertions.Expect(page.Locator("#session-user")).ToHaveTextAsync("watcher");
        await Assertions.Expect(demo.Locator("form.set")).ToHaveCountAsync(0);
        await Assertions.Expect(demo.Locator(".commands-box")).ToBeHiddenAsync();
    }

    [Test]
    public async Task A_meter_shows_power_and_current_instead_of_battery_figures()
    {
        var page = await _chromium.NewPageAsync();
        await page.GotoAsync(_sandbox.BaseAddress.ToString());
        var meter = page.Locator("section.device[data-device='linky']");
        await Assertions.Expect(meter.Locator(".figures [data-figure='input.power'] dd")).ToHaveTextAsync("340 VA");
        await Assertions.Expect(meter.Locator(".figures [data-figure='input.current'] dd")).ToHaveTextAsync("1.5 A");
        await Assertions.Expect(meter.Locator(".figures [data-figure='ups.load'] dd")).ToHaveTextAsync("11 %");
        await Assertions.Expect(meter.Locator(".figures [data-figure='battery.charge']")).ToHaveCountAsync(0);
        await Assertions.Expect(meter.Locator(".charts [data-chart='input.power'] .last")).ToHaveTextAsync("340 VA");
        await Assertions.Expect(meter.Locator(".charts [data-chart='battery.charge']")).ToHaveCountAsync(0);
        await Assertions.Expect(meter.Locator(".charts [data-chart='battery.runtime']")).ToHaveCountAsync(0);
    }
}
