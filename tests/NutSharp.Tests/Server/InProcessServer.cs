using System.Net;
using NutSharp.Tests.Shared;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NutSharp.Config;
using NutSharp.Devices;
using NutSharp.Server;

namespace NutSharp.Tests.Server;

/// <summary>Records what the server hands to a device's driver; answers like a driver that accepts everything.</summary>
public sealed class RecordingDriver(Device device) : IDeviceDriver
{
    public List<string> Requests { get; } = [];
    public DeviceRequestResult Result { get; set; } = DeviceRequestResult.Accepted;

    public DeviceRequestResult SetVariable(string name, string value, string? trackingId)
    {
        lock (Requests) Requests.Add($"SET {name} {value}" + (trackingId is null ? "" : " TRACKING " + trackingId));
        if (trackingId is not null) device.CompleteTracking(trackingId, TrackingStatus.Success);
        return Result;
    }

    public DeviceRequestResult InstantCommand(string name, string? parameter, string? trackingId)
    {
        lock (Requests) Requests.Add($"INSTCMD {name}" + (parameter is null ? "" : " " + parameter) + (trackingId is null ? "" : " TRACKING " + trackingId));
        return Result;
    }
}

/// <summary>The real server on a loopback port 0, with one device published directly (no driver process).</summary>
public sealed class InProcessServer : IAsyncDisposable
{
    public DeviceStore Store { get; } = new(new TrackingRegistry());
    public Device Ups { get; }
    public RecordingDriver Driver { get; }
    public NutServer Server { get; }
    public int Port => Server.LocalEndpoints[0].Port;

    public InProcessServer(int? maxConnections = null, int idleTimeoutSeconds = 60, ILogger? logger = null, long? outputBudgetBytes = null)
    {
        Ups = Store.Add("ups1", "Test \"UPS\"");
        Ups.DriverConnected();
        Ups.SetInfo("ups.status", "OL");
        Ups.SetInfo("battery.charge", "100");
        Ups.SetInfo("ups.id", "first");
        Ups.SetFlags("ups.id", VariableFlags.ReadWrite | VariableFlags.String);
        Ups.SetAux("ups.id", 8);
        for (int i = 0; i < 40; i++) Ups.SetInfo($"test.var{i:D2}", new string('v', 40));
        Ups.AddCommand("load.off");
        Ups.DataOk();
        Ups.DumpDone();
        Driver = new RecordingDriver(Ups);
        Ups.Driver = Driver;

        var users = UpsdUsersReader.Parse("""
            [admin]
              password = adminpass
              actions = SET FSD
              instcmds = ALL
            [mon]
              password = monpass
              upsmon secondary
            """, "upsd.users");
        var options = new ServerOptions { Users = users, MaxConnections = maxConnections, IdleTimeoutSeconds = idleTimeoutSeconds, OutputBudgetBytes = outputBudgetBytes };
        Server = new NutServer(Store, options, logger ?? NullLogger.Instance);
        Server.Start([new IPEndPoint(IPAddress.Loopback, 0)], allowPartial: false);
    }

    public LineClient Connect() => new(Port);

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
