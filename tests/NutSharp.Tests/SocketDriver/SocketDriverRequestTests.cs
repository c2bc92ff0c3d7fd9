using NutSharp.Devices;
using NutSharp.Testing;
using NutSharp.Tests.Devices;

namespace NutSharp.Tests.SocketDriver;

/// <summary>SET VAR and INSTCMD as the driver receives them, and tracking results coming back.</summary>
public class SocketDriverRequestTests
{
    [Test]
    public async Task Set_is_forwarded_quoted_and_escaped_and_the_driver_echo_updates_the_device()
    {
        await using var f = new SocketDriverFixture();
        f.StartBoth();

        Assert.That(f.Driver.SetVariable("UPS.ID", "a\"b\\c#d", null), Is.EqualTo(DeviceRequestResult.Accepted));
        Assert.That(f.Fake.WaitForLine("SET UPS.ID \"a\\\"b\\\\c\\#d\"", SocketDriverFixture.Patience), Is.True,
            "name as typed, value escaped inside quotes");
        Wait.Until(() => f.Value("ups.id") == "a\"b\\c#d", "the driver's SETINFO echo");
    }

    [Test]
    public async Task Instcmd_parameters_are_escaped_but_not_quoted()
    {
        await using var f = new SocketDriverFixture();
        f.StartBoth();

        Assert.Multiple(() =>
        {
            Assert.That(f.Driver.InstantCommand("LOAD.OFF", null, null), Is.EqualTo(DeviceRequestResult.Accepted));
            Assert.That(f.Driver.InstantCommand("load.off", "a b", null), Is.EqualTo(DeviceRequestResult.Accepted));
            Assert.That(f.Driver.InstantCommand("load.off", "say \"hi\" #1", null), Is.EqualTo(DeviceRequestResult.Accepted));
            Assert.That(f.Driver.InstantCommand("load.off", "", null), Is.EqualTo(DeviceRequestResult.Accepted));
        });
        Assert.That(f.Fake.WaitForReceived(l => l.Count(x => x.StartsWith("INSTCMD")) == 4, SocketDriverFixture.Patience), Is.True);
        Assert.That(f.Fake.ReceivedLines.Where(l => l.StartsWith("INSTCMD")), Is.EqualTo(new[]
        {
            "INSTCMD LOAD.OFF",
            "INSTCMD load.off a b",
            "INSTCMD load.off say \\\"hi\\\" \\#1",
            "INSTCMD load.off ",
        }));
    }

    [Test]
    public async Task Tracked_requests_carry_the_id_and_the_driver_results_reach_the_registry()
    {
        await using var f = new SocketDriverFixture();
        f.StartBoth();

        var ids = new Dictionary<string, string>();
        foreach (var command in new[] { "load.off", "cmd.unknown", "cmd.invalid", "cmd.failed", "cmd.conversion", "cmd.pending" })
        {
            var id = f.Tracking.NewId();
            f.Tracking.Register(id); // the server registers PENDING before handing the request over
            ids[command] = id;
            Assert.That(f.Driver.InstantCommand(command, null, id), Is.EqualTo(DeviceRequestResult.Accepted));
        }
        var setId = f.Tracking.NewId();
        f.Tracking.Register(setId);
        Assert.That(f.Driver.SetVariable("ups.id", "trk1", setId), Is.EqualTo(DeviceRequestResult.Accepted));
        var unknownSetId = f.Tracking.NewId();
        f.Tracking.Register(unknownSetId);
        Assert.That(f.Driver.SetVariable("no.such.var", "x", unknownSetId), Is.EqualTo(DeviceRequestResult.Accepted));

        Assert.Multiple(() =>
        {
            Assert.That(f.Fake.WaitForLine($"INSTCMD load.off TRACKING {ids["load.off"]}", SocketDriverFixture.Patience), Is.True);
            Assert.That(f.Fake.WaitForLine($"SET ups.id \"trk1\" TRACKING {setId}", SocketDriverFixture.Patience), Is.True);
        });
        Wait.Until(() => f.Tracking.Get(unknownSetId) != TrackingStatus.Pending, "the last tracking answer");
        Wait.Until(() => f.Tracking.Get(ids["cmd.conversion"]) != TrackingStatus.Pending, "the INSTCMD answers");

        Assert.Multiple(() =>
        {
            Assert.That(f.Tracking.Get(ids["load.off"]), Is.EqualTo(TrackingStatus.Success));
            Assert.That(f.Tracking.Get(ids["cmd.unknown"]), Is.EqualTo(TrackingStatus.Unknown));
            Assert.That(f.Tracking.Get(ids["cmd.invalid"]), Is.EqualTo(TrackingStatus.InvalidArgument));
            Assert.That(f.Tracking.Get(ids["cmd.failed"]), Is.EqualTo(TrackingStatus.Failed));
            Assert.That(f.Tracking.Get(ids["cmd.conversion"]), Is.EqualTo(4));
            Assert.That(f.Tracking.Get(ids["cmd.pending"]), Is.EqualTo(TrackingStatus.Pending));
            Assert.That(f.Tracking.Get(setId), Is.EqualTo(TrackingStatus.Success));
            Assert.That(f.Tracking.Get(unknownSetId), Is.EqualTo(TrackingStatus.InvalidArgument));
            Assert.That(f.Value("ups.id"), Is.EqualTo("trk1"));
        });
    }

    [Test]
    public async Task Tracking_status_is_read_with_atoi_and_ids_match_case_insensitively()
    {
        await using var f = new SocketDriverFixture();
        f.StartBoth();

        var id = f.Tracking.NewId();
        f.Tracking.Register(id);
        var other = f.Tracking.NewId();
        f.Tracking.Register(other);
        f.Fake.SendLine($"TRACKING {id.ToLowerInvariant()} 3xyz");
        f.Fake.SendLine($"tracking {other} abc");
        Wait.Until(() => f.Tracking.Get(id) != TrackingStatus.Pending && f.Tracking.Get(other) != TrackingStatus.Pending,
            "both results");
        Assert.Multiple(() =>
        {
            Assert.That(f.Tracking.Get(id), Is.EqualTo(3));
            Assert.That(f.Tracking.Get(other), Is.EqualTo(0));
        });
    }

    [Test]
    public async Task Requests_fail_while_no_driver_is_connected()
    {
        await using var f = new SocketDriverFixture();
        f.StartBridge();
        Wait.Until(() => f.Device.Availability() is not null, "the first connect attempt");
        Assert.Multiple(() =>
        {
            Assert.That(f.Driver.SetVariable("ups.id", "x", null), Is.EqualTo(DeviceRequestResult.Failed));
            Assert.That(f.Driver.InstantCommand("load.off", "p", "ID"), Is.EqualTo(DeviceRequestResult.Failed));
        });
    }

    [Test]
    public async Task An_oversized_request_is_cut_at_511_bytes_without_its_newline_like_upsd()
    {
        await using var f = new SocketDriverFixture();
        f.StartBoth();

        // upsd formats driver requests into a 512-byte buffer: the value is cut, and so is the
        // newline, so the driver sees this request glued to the next one.
        Assert.That(f.Driver.SetVariable("ups.delay.shutdown", new string('9', 600), null), Is.EqualTo(DeviceRequestResult.Accepted));
        Assert.That(f.Driver.InstantCommand("load.on", null, null), Is.EqualTo(DeviceRequestResult.Accepted));

        var expected = ("SET ups.delay.shutdown \"" + new string('9', 600))[..511] + "INSTCMD load.on";
        Assert.That(f.Fake.WaitForLine(expected, SocketDriverFixture.Patience), Is.True);
    }
}
