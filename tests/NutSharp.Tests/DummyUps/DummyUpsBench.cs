using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using NutSharp.Config;
using NutSharp.Devices;
using NutSharp.Drivers;
using NutSharp.Drivers.DummyUps;
using NutSharp.Testing;

namespace NutSharp.Tests.DummyUps;

/// <summary>
/// A dummy-ups driver over a real file in a temporary configuration directory. Tests drive update
/// cycles one at a time with <see cref="Poll"/> (deterministic), or run the real loop with a short
/// poll interval and wait for conditions.
/// </summary>
internal sealed class DummyUpsBench : IDisposable
{
    public string ConfDir { get; }
    public ManualClock Clock { get; } = new();
    public TrackingRegistry Tracking { get; } = new();
    public DeviceStore Store { get; }
    public Device Device { get; }
    public DummyUpsDriver Driver { get; }
    public string FilePath => Driver.FilePath!;

    public DummyUpsBench(string port, params (string Key, string? Value)[] options)
    {
        ConfDir = Directory.CreateTempSubdirectory("nutsharp-dummyups-").FullName;
        Store = new DeviceStore(Tracking);
        Device = Store.Add("dummy", null);
        var section = new UpsSection("dummy", "dummy-ups", port, null,
            options.Select(o => new KeyValuePair<string, string?>(o.Key, o.Value)).ToList(), 1);
        var context = new DriverContext
        {
            Device = Device,
            Section = section,
            ConfPath = ConfDir,
            StatePath = ConfDir,
            LoggerFactory = NullLoggerFactory.Instance,
            Time = Clock,
            PollIntervalOverride = TimeSpan.FromMilliseconds(10),
        };
        Driver = new DummyUpsDriver(context);
        Device.Driver = Driver;
    }

    /// <summary>Writes the port file and runs the first cycle (start-up).</summary>
    public static DummyUpsBench Start(string port, string content, params (string Key, string? Value)[] options)
    {
        var bench = new DummyUpsBench(port, options);
        bench.Write(content);
        bench.Poll();
        return bench;
    }

    public void Write(string content) => WriteBytes(Encoding.Latin1.GetBytes(content));

    public void WriteBytes(byte[] content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        File.WriteAllBytes(FilePath, content);
    }

    public void Poll(int cycles = 1)
    {
        for (int i = 0; i < cycles; i++) Driver.PollOnceAsync().GetAwaiter().GetResult();
    }

    /// <summary>SET VAR as the server hands it over, then the driver's loop serving it (one step, no loop running).</summary>
    public DeviceRequestResult Set(string name, string value, string? trackingId = null)
    {
        var result = Driver.SetVariable(name, value, trackingId);
        Driver.ServePendingRequestsAsync().AsTask().GetAwaiter().GetResult();
        return result;
    }

    /// <summary>INSTCMD as the server hands it over, then the driver's loop serving it.</summary>
    public DeviceRequestResult Command(string name, string? parameter, string? trackingId = null)
    {
        var result = Driver.InstantCommand(name, parameter, trackingId);
        Driver.ServePendingRequestsAsync().AsTask().GetAwaiter().GetResult();
        return result;
    }

    public string? Value(string name) => Device.Current[name];

    public DeviceVariable Info(string name)
    {
        var v = Device.Current.Find(name);
        Assert.That(v, Is.Not.Null, $"{name} should exist");
        return v!;
    }

    public Dictionary<string, string> Variables() =>
        Device.Current.Variables.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);

    public IReadOnlyList<string> Commands => Device.Current.Commands;

    public bool Connected => Availability == NutSharp.Devices.Availability.Available;

    public Availability Availability => Device.Availability(Device.Current);

    /// <summary>Waits until the running loop has completed at least <paramref name="cycles"/> more cycles.</summary>
    public void WaitForCycles(int cycles)
    {
        long target = Driver.Cycles + cycles;
        Wait.Until(() => Driver.Cycles >= target, $"{cycles} more cycles");
    }

    public void Dispose()
    {
        Store.Dispose();
        try { Directory.Delete(ConfDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
