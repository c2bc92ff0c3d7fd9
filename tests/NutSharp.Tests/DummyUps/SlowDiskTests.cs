using NutSharp.Testing;
using System.Diagnostics;
using System.Net;
using System.Runtime.Versioning;
using Microsoft.Extensions.Logging.Abstractions;
using NutSharp.Config;
using NutSharp.Devices;
using NutSharp.Drivers;
using NutSharp.Drivers.DummyUps;
using NutSharp.Drivers.Interop;
using NutSharp.Server;
using NutSharp.Tests.Shared;

namespace NutSharp.Tests.DummyUps;

/// <summary>
/// The built-in dummy-ups on a disk that does not answer: its definition file becomes a FIFO that
/// nobody writes, so the driver's read blocks for as long as the test wants. Clients of the real
/// server must still be answered, SET included (it used to wait for the file read on the thread
/// that serves every client).
/// </summary>
[SupportedOSPlatform("linux")]
public class SlowDiskTests
{
    [Test]
    public async Task Set_and_get_are_answered_while_the_driver_is_stuck_reading_its_file()
    {
        var dir = Directory.CreateTempSubdirectory("nutsharp-slowdisk-").FullName;
        var path = Path.Combine(dir, "ups.dev");
        File.WriteAllText(path, "ups.status: OL\nups.mfr: Maker\n");
        using var store = new DeviceStore(new TrackingRegistry());
        var device = store.Add("ups", null);
        var section = new UpsSection("ups", "dummy-ups", path, null, [new("driver", "dummy-ups"), new("port", path)], 1);
        var driver = new DummyUpsDriver(new DriverContext
        {
            Device = device,
            Section = section,
            ConfPath = dir,
            PollIntervalOverride = TimeSpan.FromMilliseconds(20),
        });
        device.Driver = driver;
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => driver.RunAsync(stop.Token));

        var users = UpsdUsersReader.Parse("[admin]\n password = adminpass\n actions = SET\n", "upsd.users");
        await using var server = new NutServer(store, new ServerOptions { Users = users }, NullLogger.Instance);
        server.Start([new IPEndPoint(IPAddress.Loopback, 0)], allowPartial: false);
        int port = server.LocalEndpoints[0].Port;
        using var admin = new LineClient(port);
        using var reader = new LineClient(port);
        Wait.Until(() => reader.Ask("GET VAR ups ups.status") == "VAR ups ups.status \"OL\"", "the first pass");
        Assert.That(admin.Ask("USERNAME admin"), Is.EqualTo("OK"));
        Assert.That(admin.Ask("PASSWORD adminpass"), Is.EqualTo("OK"));

        // The disk stops answering: the file becomes a FIFO (through a symbolic link, so the FIFO keeps a
        // name of its own). The driver sees the change, opens it, and (once the test holds the writing
        // end) blocks in read() until the test writes.
        var fifo = Path.Combine(dir, "fifo");
        using (var mkfifo = Process.Start("mkfifo", fifo)) mkfifo.WaitForExit();
        File.CreateSymbolicLink(path + ".link", fifo);
        File.Move(path + ".link", path, overwrite: true);
        int writer = -1;
        Wait.Until(() => TryOpenWriter(path, out writer), "the driver to open the file (a reader on the FIFO)");
        try
        {
            var set = Task.Run(() => admin.Ask("SET VAR ups ups.mfr Elsewhere"));
            Assert.That(set.Wait(TimeSpan.FromSeconds(10)), Is.True, "SET was answered while the driver was stuck");
            Assert.That(set.Result, Is.EqualTo("OK"));
            Assert.That(reader.Ask("GET VAR ups ups.mfr"), Is.EqualTo("VAR ups ups.mfr \"Maker\""), "other clients are served too; the SET waits for the driver");
            Assert.That(device.Current["ups.mfr"], Is.EqualTo("Maker"));

            // The disk answers: the driver reads the file, then serves the SET it was handed.
            FileDescriptors.Write(writer, "ups.status: OB\nups.mfr: Maker\n"u8);
        }
        finally
        {
            FileDescriptors.Close(writer);
        }
        Wait.Until(() => reader.Ask("GET VAR ups ups.mfr") == "VAR ups ups.mfr \"Elsewhere\"", "the SET applied after the slow read");
        Assert.That(reader.Ask("GET VAR ups ups.status"), Is.EqualTo("VAR ups ups.status \"OB\""));

        File.WriteAllText(path + ".plain", "ups.status: OL\n");
        File.Move(path + ".plain", path, overwrite: true);
        await stop.CancelAsync();
        // The driver may have gone back to the FIFO (it changed when written): an end of file lets it stop.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!run.IsCompleted && DateTime.UtcNow < deadline)
        {
            if (TryOpenWriter(fifo, out var late)) FileDescriptors.Close(late);
            Thread.Sleep(20);
        }
        Assert.That(async () => await run, Throws.InstanceOf<OperationCanceledException>());
        Directory.Delete(dir, recursive: true);
    }

    /// <summary>A writer opens without blocking only once a reader has the FIFO open (ENXIO before).</summary>
    private static bool TryOpenWriter(string path, out int fd)
    {
        try
        {
            fd = FileDescriptors.Open(path, FileDescriptors.O_WRONLY | FileDescriptors.O_NONBLOCK);
            return true;
        }
        catch (LinuxException)
        {
            fd = -1;
            return false;
        }
    }
}
