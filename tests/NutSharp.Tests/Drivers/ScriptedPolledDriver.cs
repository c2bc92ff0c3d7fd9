using NutSharp.Devices;
using NutSharp.Drivers;

namespace NutSharp.Tests.Drivers;

/// <summary>A polled driver whose device the test controls: reachable or not, slow or not, buggy or not.</summary>
internal sealed class ScriptedPolledDriver(DriverContext context) : PolledDriver(context)
{
    private int _connects;
    private int _polls;

    public volatile bool Reachable = true;

    /// <summary>Awaited by every poll before it reads (a slow device); null for a quick one.</summary>
    public volatile TaskCompletionSource? Gate;

    /// <summary>Thrown by the next poll (a bug in the driver).</summary>
    public volatile Exception? PollBug;

    /// <summary>Thrown by the SET handler (a bug in the driver).</summary>
    public volatile Exception? SetBug;

    public volatile string Reading = "1";

    public int Connects => Volatile.Read(ref _connects);

    public int Polls => Volatile.Read(ref _polls);

    public override string Name => "scripted";

    public override string InternalVersion => "9.9";

    protected override ValueTask ConnectAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _connects);
        if (!Reachable) throw new DriverFaultException("unplugged");
        return default;
    }

    protected override async ValueTask PollAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _polls);
        if (Gate is { } gate) await gate.Task.WaitAsync(cancellationToken);
        if (PollBug is { } bug) throw bug;
        if (!Reachable) throw new DriverFaultException("no answer");
        using var update = BeginUpdate();
        update.SetInfo("ups.status", "OL");
        update.SetInfo("test.reading", Reading);
    }

    protected override ValueTask<int> SetVariableAsync(string name, string value, CancellationToken cancellationToken)
    {
        if (SetBug is { } bug) throw bug;
        using (var update = BeginUpdate()) update.SetInfo(name, value);
        return new(TrackingStatus.Success);
    }
}
