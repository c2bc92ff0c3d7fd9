using NutSharp.Devices;
using NutSharp.Http.StatusPage;
using NutSharp.Tests.Devices;

namespace NutSharp.Tests.StatusPage;

/// <summary>The status in words the page shows, from ups.status and the driver link.</summary>
public class StatusWordsTests
{
    private static DeviceSnapshot Status(string status, Action<DeviceUpdate>? more = null)
    {
        using var store = new DeviceStore(new TrackingRegistry());
        var device = store.Add("ups", null);
        device.Publish(u =>
        {
            u.LinkUp(showWait: false);
            u.SetInfo("ups.status", status);
            u.DumpDone();
            more?.Invoke(u);
        });
        return device.Current;
    }

    [TestCase("OL", "On line", StatusSeverity.Ok)]
    [TestCase("OB DISCHRG", "On battery, Discharging", StatusSeverity.Warning)]
    [TestCase("OB LB", "On battery, Low battery", StatusSeverity.Critical)]
    [TestCase("OL OVER", "On line, Overload", StatusSeverity.Critical)]
    [TestCase("OL RB", "On line, Replace battery", StatusSeverity.Warning)]
    [TestCase("OL CHRG", "On line, Charging", StatusSeverity.Ok)]
    [TestCase("OL BOOST", "On line, Boosting voltage", StatusSeverity.Ok)]
    [TestCase("OFF", "Off", StatusSeverity.Critical)]
    [TestCase("OL NEWFLAG", "On line, NEWFLAG", StatusSeverity.Ok)]
    [TestCase("", "Status unknown", StatusSeverity.Ok)]
    public void Status_flags_are_put_into_words(string status, string words, StatusSeverity severity)
    {
        var text = StatusWords.Describe(Status(status));
        Assert.That(text.Summary, Is.EqualTo(words));
        Assert.That(text.Severity, Is.EqualTo(severity));
    }

    [Test]
    public void A_driver_that_is_not_connected_is_said_so_instead_of_its_last_status()
    {
        var snapshot = Status("OL", u => u.LinkDown());
        Assert.That(StatusWords.Describe(snapshot), Is.EqualTo(new DeviceStatusText(["Driver not connected"], StatusSeverity.Critical)).Using<DeviceStatusText>(Same));
    }

    [Test]
    public void Stale_data_is_said_so_instead_of_its_last_status()
    {
        var text = StatusWords.Describe(Status("OL", u => u.DataStale()));
        Assert.That((text.Summary, text.Severity), Is.EqualTo(("Stale data", StatusSeverity.Critical)));
    }

    [Test]
    public void The_fsd_latch_comes_first_as_upsd_shows_it()
    {
        using var store = new DeviceStore(new TrackingRegistry());
        var device = store.Add("ups", null);
        device.Publish(u => { u.LinkUp(showWait: false); u.SetInfo("ups.status", "OB LB"); u.DumpDone(); });
        device.SetFsd();
        Assert.That(StatusWords.Describe(device.Current).Summary, Is.EqualTo("Forced shutdown, On battery, Low battery"));
    }

    private static bool Same(DeviceStatusText a, DeviceStatusText b) => a.Words.SequenceEqual(b.Words) && a.Severity == b.Severity;
}
