using Microsoft.Extensions.Logging.Abstractions;
using NutSharp.Config;
using NutSharp.Devices;
using NutSharp.Drivers;
using NutSharp.Testing;
using Bridge = NutSharp.Drivers.Socket.SocketDriver;

namespace NutSharp.Tests.SocketDriver;

/// <summary>
/// One <see cref="Bridge"/> and one <see cref="FakeNutDriver"/> on a private temp state path,
/// wired like upsd's <c>[fake] driver = fakedrv</c>.
/// </summary>
internal sealed class SocketDriverFixture : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly CancellationTokenSource _stop = new();
    private Task? _run;

    /// <param name="time">The bridge's clock (its retry and check waits); the system clock when null.</param>
    public SocketDriverFixture(int maxAgeSeconds = 15, IEnumerable<string>? dump = null, TimeProvider? time = null)
    {
        // Unix socket paths are limited to ~108 bytes: keep the directory short.
        StatePath = Path.Combine("/tmp", "nsd-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(StatePath);
        Tracking = new TrackingRegistry();
        Store = new DeviceStore(Tracking);
        Device = Store.Add("fake", "Scripted fake driver");
        Device.MaxAgeSeconds = maxAgeSeconds;
        var section = new UpsSection("fake", "fakedrv", "none", "Scripted fake driver", [], 1);
        Driver = new Bridge(new DriverContext
        {
            Device = Device,
            Section = section,
            ConfPath = StatePath,
            StatePath = StatePath,
            LoggerFactory = NullLoggerFactory.Instance,
            Time = time ?? TimeProvider.System,
        });
        Device.Driver = Driver;
        Fake = new FakeNutDriver(Path.Combine(StatePath, "fakedrv-fake"), dump);
    }

    public string StatePath { get; }
    public TrackingRegistry Tracking { get; }
    public DeviceStore Store { get; }
    public Device Device { get; }
    public Bridge Driver { get; }
    public FakeNutDriver Fake { get; }

    public void StartBridge() => _run = Task.Run(() => Driver.RunAsync(_stop.Token));

    /// <summary>Starts the fake driver, then the bridge, and waits for the complete dump.</summary>
    public void StartBoth()
    {
        Fake.Start();
        StartBridge();
        WaitForDumpDone();
    }

    /// <summary>Waits until the device shows the last variable of the default dump and its commands.</summary>
    public void WaitForDumpDone() =>
        Wait.Until(() => Availability == NutSharp.Devices.Availability.Available && Device.Current.HasCommand("shutdown.return")
            && Device.Current.Find("ups_under.score") is not null, "the dump to arrive");

    public Availability Availability => Device.Availability(Device.Current);

    public string? Value(string name) => Device.Current[name];

    public DeviceVariable Variable(string name)
    {
        var v = Device.Current.Find(name);
        Assert.That(v, Is.Not.Null, $"variable {name} exists");
        return v!;
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        if (_run is not null) await _run.WaitAsync(Patience);
        Fake.Dispose();
        Store.Dispose();
        try { Directory.Delete(StatePath, recursive: true); } catch (IOException) { }
    }
}
