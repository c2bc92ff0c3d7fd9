using System.Collections.Immutable;
using System.Runtime.InteropServices;
using NutSharp.Protocol;

namespace NutSharp.Devices;

/// <summary>
/// A device as it stood after one committed batch of its driver: variables with flags, ENUM and
/// RANGE, commands, driver link state and the FSD latch. Immutable, so a reader holding one never
/// sees half a batch, and holding it costs the writer nothing.
/// </summary>
public sealed class DeviceSnapshot
{
    private readonly DeviceVariable[] _variables;
    private readonly string[] _commands;

    internal DeviceSnapshot(string deviceName, long version, DeviceVariable[] variables, string[] commands, DriverLinkFlags link, bool fsd)
    {
        DeviceName = deviceName;
        Version = version;
        _variables = variables;
        _commands = commands;
        LinkFlags = link;
        Fsd = fsd;
    }

    internal static DeviceSnapshot Initial(string deviceName) => new(deviceName, 0, [], [], default, fsd: false);

    public string DeviceName { get; }

    /// <summary>Counts the commits of this device, starting at 0 before its driver has published anything.</summary>
    public long Version { get; }

    /// <summary>Every variable, in upsd's LIST order (names compared as strcasecmp does). A foreach over it allocates nothing.</summary>
    public ImmutableArray<DeviceVariable> Variables => ImmutableCollectionsMarshal.AsImmutableArray(_variables);

    /// <summary>Instant command names, in upsd's LIST order.</summary>
    public ImmutableArray<string> Commands => ImmutableCollectionsMarshal.AsImmutableArray(_commands);

    internal DeviceVariable[] VariableArray => _variables;

    internal string[] CommandArray => _commands;

    internal DriverLinkFlags LinkFlags { get; }

    /// <summary>A driver is attached.</summary>
    public bool Connected => LinkFlags.Connected;

    /// <summary>The driver's dump (or first full poll) is complete.</summary>
    public bool DumpDone => LinkFlags.DumpDone;

    /// <summary>The driver's own word on its data: false after DATASTALE, true after DATAOK.</summary>
    public bool DataOk => LinkFlags.DataOk;

    /// <summary>
    /// The driver had been silent longer than MAXAGE when the store last looked (once a second).
    /// Requests do not use this flag: they check the age at the moment they run, as upsd does.
    /// </summary>
    public bool Silent => LinkFlags.Silent;

    /// <summary>The FSD latch (set by FSD, cleared only when the device is removed).</summary>
    public bool Fsd { get; }

    public LinkState Link =>
        !Connected ? LinkState.NotConnected
        : (DumpDone && !DataOk) || Silent ? LinkState.Stale
        : !DumpDone ? LinkState.Waiting
        : LinkState.Online;

    /// <summary>The variable with this name (case-insensitive, as upsd looks names up), or null.</summary>
    public DeviceVariable? Find(ReadOnlySpan<byte> name)
    {
        var variables = _variables;
        int lo = 0, hi = variables.Length - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            int c = NameComparer.Compare(name, variables[mid].Name);
            if (c == 0) return variables[mid];
            if (c < 0) hi = mid - 1; else lo = mid + 1;
        }
        return null;
    }

    public DeviceVariable? Find(string name)
    {
        var variables = _variables;
        int lo = 0, hi = variables.Length - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            int c = NameComparer.Instance.Compare(name, variables[mid].Name);
            if (c == 0) return variables[mid];
            if (c < 0) hi = mid - 1; else lo = mid + 1;
        }
        return null;
    }

    /// <summary>The value of a variable, or null when the device has none by that name.</summary>
    public string? this[string name] => Find(name)?.Value;

    public bool HasCommand(ReadOnlySpan<byte> name) => NameComparer.BinarySearch(_commands, name) >= 0;

    public bool HasCommand(string name) => Array.BinarySearch(_commands, name, NameComparer.Instance) >= 0;
}

/// <summary>upsd's three facts about a driver link, plus the store's last MAXAGE verdict.</summary>
internal readonly record struct DriverLinkFlags(bool Connected, bool DumpDone, bool DataOk, bool Silent);
