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

    public InProcessServer(int? maxConnections = null, int idleTimeoutSeconds = 60, ILogger? logger = null, long? outputBudgetBytes = null, NutSharp.Server.Tls.TlsSettings? tls = null)
    {
        Ups = Store.Add("ups1", "Test \"UPS\"");
        using (var update = Ups.BeginUpdate())
        {
            update.LinkUp();
            update.SetInfo("ups.status", "OL");
            update.SetInfo("battery.charge", "100");
            update.SetInfo("ups.id", "first");
            update.SetFlags("ups.id", VariableFlags.ReadWrite | VariableFlags.String);
            update.SetAux("ups.id", 8);
            for (int i = 0; i < 40; i++) update.SetInfo($"test.var{i:D2}", new string('v', 40));
            update.AddCommand("load.off");
            update.DataOk();
            update.DumpDone();
        }
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
        var options = new ServerOptions { Users = users, MaxConnections = maxConnections, IdleTimeoutSeconds = idleTimeoutSeconds, OutputBudgetBytes = outputBudgetBytes, Tls = tls };
        Server = new NutServer(Store, options, logger ?? NullLogger.Instance);
        Server.Start([new IPEndPoint(IPAddress.Loopback, 0)], allowPartial: false);
    }

    public LineClient Connect() => new(Port);

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Store.Dispose();
    }
}
