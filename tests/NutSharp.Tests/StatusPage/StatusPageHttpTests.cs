using System.Net;
using System.Text.Json;
using NutSharp.Devices;
using NutSharp.Testing;
using NutSharp.Tests.Devices;

namespace NutSharp.Tests.StatusPage;

/// <summary>The page's routes over real HTTP: the embedded page, its event stream, its login check, the history.</summary>
[NonParallelizable]
public class StatusPageHttpTests
{
    private static Device Ups(DeviceStore store, string name = "demo")
    {
        var device = store.Add(name, "Demo UPS");
        device.Publish(u =>
        {
            u.LinkUp(showWait: false);
            u.SetInfo("ups.status", "OL");
            u.SetInfo("battery.charge", "100");
            u.DumpDone();
        });
        return device;
    }

    [Test]
    public async Task The_page_and_its_assets_come_from_the_binary_with_etags()
    {
        using var store = new DeviceStore(new TrackingRegistry());
        await using var http = await InProcessHttp.StartAsync(store);
        using var page = await http.GetAsync("/");
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(page.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        string html = await page.Content.ReadAsStringAsync();
        Assert.That(html, Does.Contain("<script src=\"/assets/status.js\"></script>"));
        Assert.That(html, Does.Not.Contain("http://").And.Not.Contain("https://"), "nothing is fetched from elsewhere");
        Assert.That(page.Headers.GetValues("Content-Security-Policy").Single(), Does.StartWith("default-src 'self'"));

        using var script = await http.GetAsync("/assets/status.js");
        Assert.That(script.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/javascript"));
        Assert.That(await script.Content.ReadAsStringAsync(), Does.Contain("new EventSource('/events')"));
        var etag = script.Headers.ETag!;

        using var again = new HttpRequestMessage(HttpMethod.Get, "/assets/status.js");
        again.Headers.IfNoneMatch.Add(etag);
        using var notModified = await http.Client.SendAsync(again);
        Assert.That(notModified.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));

        using var missing = await http.GetAsync("/assets/other.js");
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task The_event_stream_sends_every_device_then_each_change_as_it_happens()
    {
        using var store = new DeviceStore(new TrackingRegistry());
        var ups = Ups(store);
        await using var http = await InProcessHttp.StartAsync(store);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/events");
        using var response = await http.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/event-stream"));
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        using var timeout = new CancellationTokenSource(Wait.DefaultTimeout);

        async Task<JsonElement> NextEvent(string name)
        {
            string? eventName = null;
            while (await reader.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal)) eventName = line[7..];
                else if (line.StartsWith("data: ", StringComparison.Ordinal) && eventName == name)
                    return JsonDocument.Parse(line[6..]).RootElement.Clone();
            }
            throw new EndOfStreamException("the stream ended before a " + name + " event");
        }

        var device = await NextEvent("device");
        Assert.That(device.GetProperty("name").GetString(), Is.EqualTo("demo"));
        Assert.That(device.GetProperty("status").GetProperty("text").GetString(), Is.EqualTo("On line"));

        ups.Publish(u => { u.SetInfo("ups.status", "OB"); u.SetInfo("battery.charge", "90"); });
        var update = await NextEvent("update");
        Assert.That(update.GetProperty("status").GetProperty("text").GetString(), Is.EqualTo("On battery"));
        Assert.That(update.GetProperty("set").GetProperty("battery.charge").GetString(), Is.EqualTo("90"));
    }

    [Test]
    public async Task Stopping_the_server_ends_the_open_event_streams()
    {
        using var store = new DeviceStore(new TrackingRegistry());
        Ups(store);
        await using var http = await InProcessHttp.StartAsync(store);
        using var response = await http.Client.GetAsync("/events", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        using var timeout = new CancellationTokenSource(Wait.DefaultTimeout);
        while (await reader.ReadLineAsync(timeout.Token) is { } line && !line.StartsWith("event: device", StringComparison.Ordinal))
        {
        }
        var stop = http.StopAsync();
        // The stream ends (the reader reaches its end) instead of holding the server's stop back.
        while (await reader.ReadLineAsync(timeout.Token) is not null)
        {
        }
        await stop;
        Assert.That(stop.IsCompletedSuccessfully, Is.True);
    }

    [Test]
    public async Task The_login_check_tells_the_page_who_is_logged_in_and_what_they_may_do()
    {
        using var store = new DeviceStore(new TrackingRegistry());
        await using var http = await InProcessHttp.StartAsync(store);

        using (var admin = await http.GetAsync("/session", "admin", "adminpass"))
        {
            using var json = JsonDocument.Parse(await admin.Content.ReadAsStringAsync());
            Assert.That(json.RootElement.GetProperty("user").GetString(), Is.EqualTo("admin"));
            Assert.That(json.RootElement.GetProperty("set").GetBoolean(), Is.True);
            Assert.That(json.RootElement.GetProperty("instcmds").GetString(), Is.EqualTo("all"));
        }
        using (var op = await http.GetAsync("/session", "operator", "oppass"))
        {
            using var json = JsonDocument.Parse(await op.Content.ReadAsStringAsync());
            Assert.That(json.RootElement.GetProperty("fsd").GetBoolean(), Is.False);
            Assert.That(json.RootElement.GetProperty("instcmds").EnumerateArray().Select(c => c.GetString()), Is.EqualTo(new[] { "test.battery.start" }));
        }
        using (var watcher = await http.GetAsync("/session", "watcher", "watchpass"))
        {
            using var json = JsonDocument.Parse(await watcher.Content.ReadAsStringAsync());
            Assert.That(json.RootElement.GetProperty("set").GetBoolean(), Is.False);
            Assert.That(json.RootElement.GetProperty("instcmds").GetArrayLength(), Is.Zero);
        }
        using (var none = await http.GetAsync("/session"))
            Assert.That(none.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        using var wrong = await http.GetAsync("/session", "admin", "wrong");
        Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(wrong.Headers.WwwAuthenticate, Is.Empty, "the page's own form asks, not the browser's dialog");
        Assert.That(await wrong.Content.ReadAsStringAsync(), Does.Not.Contain("wrong"), "the password is never echoed");
    }

    [Test]
    public async Task The_history_is_served_per_device_and_all_together()
    {
        using var store = new DeviceStore(new TrackingRegistry());
        var ups = Ups(store);
        await using var http = await InProcessHttp.StartAsync(store, "history_resolution_seconds = 0\nhistory_size = 10\n");
        async Task<JsonElement> History(string path)
        {
            using var response = await http.GetAsync(path);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        }
        static double[] Charges(JsonElement h) =>
            [.. h.GetProperty("values").GetProperty("battery.charge").EnumerateArray().Where(v => v.ValueKind == JsonValueKind.Number).Select(v => v.GetDouble())];

        Assert.That(await Wait.ForAsync(async () => Charges(await History("/history.json?ups=demo")).Length == 1), Is.True, "the first sample");
        ups.Publish(u => u.SetInfo("battery.charge", "75"));
        Assert.That(await Wait.ForAsync(async () => Charges(await History("/history.json?ups=demo")).Length == 2), Is.True, "the change's sample");
        var one = await History("/history.json?ups=DEMO");
        Assert.That(Charges(one), Is.EqualTo(new double[] { 100, 75 }));
        Assert.That(one.GetProperty("capacity").GetInt32(), Is.EqualTo(10));
        Assert.That(one.GetProperty("resolution_seconds").GetDouble(), Is.Zero);

        var all = await History("/history.json");
        Assert.That(all.GetProperty("devices").EnumerateArray().Select(d => d.GetProperty("ups").GetString()), Is.EqualTo(new[] { "demo" }));

        using var unknown = await http.GetAsync("/history.json?ups=nope");
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task A_history_size_of_zero_keeps_no_history()
    {
        using var store = new DeviceStore(new TrackingRegistry());
        Ups(store);
        await using var http = await InProcessHttp.StartAsync(store, "history_size = 0\n");
        using var response = await http.GetAsync("/history.json?ups=demo");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("history_size = 0"));
    }

    [Test]
    public async Task With_logins_required_for_reads_the_page_and_its_events_ask_for_one()
    {
        using var store = new DeviceStore(new TrackingRegistry());
        Ups(store);
        await using var http = await InProcessHttp.StartAsync(store, "require_login_for_reads = true\n");
        foreach (var path in new[] { "/", "/events", "/history.json" })
        {
            using var anonymous = await http.GetAsync(path);
            Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), path);
        }
        using var page = await http.GetAsync("/", "watcher", "watchpass");
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
