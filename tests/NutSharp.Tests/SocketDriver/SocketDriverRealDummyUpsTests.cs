using System.Diagnostics;
using NutSharp.Config;
using NutSharp.Devices;
using NutSharp.Drivers;
using NutSharp.Protocol;
using NutSharp.Testing;
using NutSharp.Tests.Devices;
using Bridge = NutSharp.Drivers.Socket.SocketDriver;

namespace NutSharp.Tests.SocketDriver;

/// <summary>
/// The bridge against a real NUT driver process (/lib/nut/dummy-ups 2.8.0). Needs NUT installed
/// (see <see cref="TestPaths.RequireInstalled"/>).
/// </summary>
[Category("RealNut")]
public class SocketDriverRealDummyUpsTests
{
    [Test]
    public async Task The_bridge_mirrors_dummy_ups_and_forwards_requests_to_it()
    {
        TestPaths.RequireInstalled(TestPaths.DummyUps);
        var dir = Path.Combine("/tmp", "nsr-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "ups.conf"), "[dummy]\n\tdriver = dummy-ups\n\tport = dummy.dev\n");
        File.WriteAllText(Path.Combine(dir, "dummy.dev"), "ups.status: OL CHRG\nbattery.charge: 87\nups.id: \"Rack 4\"\n");

        var start = new ProcessStartInfo(TestPaths.DummyUps, ["-a", "dummy", "-u", "root", "-F"]) { RedirectStandardError = true, RedirectStandardOutput = true };
        start.Environment["NUT_CONFPATH"] = dir;
        start.Environment["NUT_STATEPATH"] = dir;
        start.Environment["NUT_ALTPIDPATH"] = dir;
        using var driverProcess = Process.Start(start)!;
        driverProcess.BeginErrorReadLine();
        driverProcess.BeginOutputReadLine();

        var tracking = new TrackingRegistry();
        using var store = new DeviceStore(tracking);
        var device = store.Add("dummy", null);
        var section = new UpsSection("dummy", "dummy-ups", "dummy.dev", null, [], 1);
        var bridge = new Bridge(new DriverContext { Device = device, Section = section, ConfPath = dir, StatePath = dir });
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => bridge.RunAsync(stop.Token));
        try
        {
            Wait.Until(() => device.Availability() is null && device.HasCommand("load.off"), "the dump of dummy-ups");
            Assert.That(device.TryGetVariable("ups.id", out var id), Is.True);
            Assert.Multiple(() =>
            {
                Assert.That(id.Value, Is.EqualTo("Rack 4"));
                Assert.That(id.Flags, Is.EqualTo(VariableFlags.ReadWrite | VariableFlags.String));
                Assert.That(id.Aux, Is.EqualTo(16));
                Assert.That(device.SnapshotVariables(), Does.Contain(("driver.name", "dummy-ups")));
            });

            var setId = tracking.NewId();
            tracking.Register(setId);
            var cmdId = tracking.NewId();
            tracking.Register(cmdId);
            Assert.Multiple(() =>
            {
                Assert.That(bridge.SetVariable("ups.id", "Rack 5", setId), Is.EqualTo(DeviceRequestResult.Accepted));
                Assert.That(bridge.InstantCommand("load.off", null, cmdId), Is.EqualTo(DeviceRequestResult.Accepted));
            });
            Wait.Until(() => tracking.Get(setId) != TrackingStatus.Pending && tracking.Get(cmdId) != TrackingStatus.Pending,
                "dummy-ups to answer both requests");
            Wait.Until(() => device.TryGetVariable("ups.id", out var v) && v.Value == "Rack 5", "the new value");
            Assert.Multiple(() =>
            {
                Assert.That(tracking.Get(setId), Is.EqualTo(TrackingStatus.Success));
                Assert.That(tracking.Get(cmdId), Is.EqualTo(TrackingStatus.Unknown), "dummy-ups answers every INSTCMD with 1");
            });

            driverProcess.Kill();
            Wait.Until(() => device.Availability() == NutError.DriverNotConnected, "DRIVER-NOT-CONNECTED");
        }
        finally
        {
            stop.Cancel();
            await run.WaitAsync(SocketDriverFixture.Patience);
            if (!driverProcess.HasExited) driverProcess.Kill();
            driverProcess.WaitForExit(10_000);
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }
}
