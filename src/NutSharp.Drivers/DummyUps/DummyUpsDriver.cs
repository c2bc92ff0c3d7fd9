using System.Text;
using Microsoft.Extensions.Logging;
using NutSharp.Devices;
using NutSharp.Protocol;

namespace NutSharp.Drivers.DummyUps;

/// <summary>
/// NUT's dummy-ups 2.8.0 (driver version 0.15), built in: publishes the variables of a
/// definition file (<c>port=</c>, a <c>.dev</c> dump or a <c>.seq</c> sequence) and takes SET
/// requests for them. Repeater mode (<c>port = ups@host</c>) is not built in.
/// </summary>
/// <remarks>
/// <para>Where NUT's driver would exit because the file cannot be opened (at start-up, or later,
/// e.g. renamed to <c>-nocomms</c>), this driver reports the device as not connected, looks for the
/// file every poll interval, and when it is back starts again from a fresh variable table, as a
/// restarted NUT driver would.</para>
/// <para>Each update cycle reads the file first and then applies it in one batch; SET requests are
/// served by the driver's own loop between cycles, so a slow disk never holds up a client.</para>
/// </remarks>
public sealed class DummyUpsDriver : PolledDriver
{
    public const string DriverName = "dummy-ups";
    public const string DriverVersion = "0.15";

    /// <summary>A value assembled from file words lives in a 128-byte C buffer.</summary>
    private const int MaxFileValueLength = 127;

    /// <summary>dstate values and the status buffer are ST_MAX_VALUE_LEN (256) bytes.</summary>
    private const int MaxStateValueLength = 255;

    private static readonly string[] EssentialStrings = ["ups.mfr", "ups.model", "ups.status"];
    private static readonly string[] EssentialDefaults = ["Dummy Manufacturer", "Dummy UPS", "OL"];

    private readonly bool _ignoreLowBattery;
    private readonly List<KeyValuePair<string, string>> _defaults = [];
    private readonly List<KeyValuePair<string, string>> _overrides = [];
    private readonly HashSet<string> _overridden = new(StringComparer.OrdinalIgnoreCase);
    private readonly OnceModeChangeDetector _changes = new();

    /// <summary>The file as read when the driver (re)connected, applied by the next poll.</summary>
    private FileSnapshot? _opened;
    private PortFilePass? _pass;

    public DummyUpsDriver(DriverContext context)
        : base(context)
    {
        Mode = ResolvedMode.Resolve(Section.Option("mode"), Section.Port ?? "");
        FilePath = string.IsNullOrEmpty(Section.Port) ? null : DefinitionFile.Resolve(Section.Port, context.ConfPath);
        _ignoreLowBattery = Section.HasFlag("ignorelb");
        foreach (var (key, value) in Section.Options)
        {
            if (value is null) continue;
            if (key.StartsWith("override.", StringComparison.OrdinalIgnoreCase))
            {
                _overrides.Add(new(key["override.".Length..], value));
                _overridden.Add(key["override.".Length..]);
            }
            else if (key.StartsWith("default.", StringComparison.OrdinalIgnoreCase))
            {
                _defaults.Add(new(key["default.".Length..], value));
            }
        }
        if (context.PollIntervalProblem is { } problem) Log.LogWarning("{Subject}: {Problem}", Subject, problem);
        if (FilePath is not null && Mode.Mode != DummyUpsMode.Repeater)
            Log.LogInformation("{Subject}: {Path}, mode {Mode}, poll every {Interval}", Subject, FilePath, Mode.ReportedName, context.PollInterval);
    }

    public override string Name => DriverName;

    public override string InternalVersion => DriverVersion;

    public ResolvedMode Mode { get; }

    /// <summary>The definition file as resolved from <c>port</c>; null when no port is configured.</summary>
    public string? FilePath { get; }

    /// <summary>NUT's dummy-ups exits when it cannot read its file: upsd then shows DRIVER-NOT-CONNECTED.</summary>
    protected override bool FaultShowsNotConnected => true;

    /// <summary>The file is looked for again every poll interval, so it is picked up as soon as it is back.</summary>
    protected override RetryDelays Retry => RetryDelays.Every(Context.PollInterval);

    protected override void PublishDriverParameters(DeviceUpdate update) =>
        update.SetInfo("driver.parameter.mode", Mode.ReportedName);

    protected override ValueTask ConnectAsync(CancellationToken cancellationToken)
    {
        if (FilePath is null) throw new DriverFaultException("no port configured; device not connected");
        if (Mode.Mode == DummyUpsMode.Repeater)
            throw new DriverFaultException($"repeater mode (port {Section.Port}) is not built in; device not connected, run NUT's dummy-ups for it");
        _opened = ReadFile(FilePath);
        _pass = null;
        return default;
    }

    /// <summary>One cycle of NUT's upsdrv_updateinfo: the file is read first (when due), then everything is applied in one batch.</summary>
    protected override ValueTask PollAsync(CancellationToken cancellationToken)
    {
        var path = FilePath!;
        var started = _opened;
        _opened = null;
        FileSnapshot? changed = null;
        if (started is null && _pass is null)
        {
            if (Mode.Mode == DummyUpsMode.Loop) changed = ReadFile(path);
            else switch (_changes.Check(path, DateTime.UtcNow, out var snapshot, out var problem))
            {
                case FileCheck.Missing: throw Lost(path, problem);
                case FileCheck.Changed:
                    Log.LogDebug("{Subject}: {Path} changed - re-reading", Subject, path);
                    changed = snapshot;
                    break;
            }
        }

        using var update = BeginUpdate();
        if (started is not null) Start(update, started);
        else if (changed is not null) StartPass(update, changed);
        else if (_pass is not null && !_pass.IsPaused(NowSeconds())) RunPass(update);
        // Every cycle proves the driver alive, even when the file did not change (NUT's driver keeps answering PINGs).
        update.Heard();
        return default;
    }

    protected override ValueTask<int> SetVariableAsync(string name, string value, CancellationToken cancellationToken)
    {
        Log.LogDebug("{Subject}: SET {Name} {Value}", Subject, name, value);
        using (var update = BeginUpdate())
            SetVariable(update, name, value.Length > MaxStateValueLength ? value[..MaxStateValueLength] : value);
        return new(TrackingStatus.Success);
    }

    /// <summary><c>load.off</c> is advertised but, as in dummy-ups, not implemented: upsd says OK, the tracking result is UNKNOWN.</summary>
    protected override ValueTask<int> InstantCommandAsync(string name, string? parameter, CancellationToken cancellationToken)
    {
        Log.LogInformation("{Subject}: instcmd: unknown command [{Command}] [{Parameter}]", Subject, name, parameter);
        return new(TrackingStatus.Unknown);
    }

    // ---------------------------------------------------------------- cycles

    private static FileSnapshot ReadFile(string path) =>
        DefinitionFile.TryRead(path, out var snapshot, out var problem) ? snapshot : throw Lost(path, problem);

    private static DriverFaultException Lost(string path, string? problem) =>
        new($"can't open definition file {path}: {problem}; device not connected until it comes back");

    /// <summary>A (re)started NUT driver: after the driver core's variables (published by the kit), dummy-ups' own, then the file.</summary>
    private void Start(DeviceUpdate update, FileSnapshot snapshot)
    {
        foreach (var (name, value) in _defaults) update.SetInfo(name, value);
        foreach (var (name, value) in _overrides)
        {
            update.SetInfo(name, value);
            update.SetFlags(name, VariableFlags.None);
        }
        for (int i = 0; i < EssentialStrings.Length; i++)
        {
            if (_overridden.Contains(EssentialStrings[i])) continue;
            update.SetInfo(EssentialStrings[i], EssentialDefaults[i]);
            update.SetFlags(EssentialStrings[i], VariableFlags.ReadWrite | VariableFlags.String);
            update.SetAux(EssentialStrings[i], 32);
        }
        update.AddCommand("load.off");

        StartPass(update, snapshot);

        // The driver core copies these once, after the first (possibly TIMER-interrupted) pass.
        CopyOnce(update, "ups.mfr", "device.mfr");
        CopyOnce(update, "ups.model", "device.model");
        CopyOnce(update, "ups.serial", "device.serial");
    }

    private void StartPass(DeviceUpdate update, FileSnapshot snapshot)
    {
        _changes.Remember(snapshot);
        var errors = new List<int>();
        _pass = new PortFilePass(PortFileParser.Parse(snapshot.Content, errors));
        foreach (var line in errors)
            Log.LogWarning("{Subject}: {Path}:{Line}: parse error ('#' inside quotes); the rest of the line is read as a new line",
                Subject, FilePath, line);
        RunPass(update);
    }

    /// <summary>Applies lines until a TIMER line (the pass pauses) or the end of the file (the pass ends).</summary>
    private void RunPass(DeviceUpdate update)
    {
        var pass = _pass!;
        while (pass.TryNext(out var line))
        {
            if (line.Words[0].StartsWith("TIMER", StringComparison.Ordinal))
            {
                if (line.Words.Length < 2)
                {
                    // NUT reads a stale argument here (or crashes): treated as invalid and skipped.
                    Log.LogWarning("{Subject}: {Path}:{Line}: TIMER without a delay ignored", Subject, FilePath, line.Number);
                    continue;
                }
                // The pass stops even for 0 or a negative delay; it goes on in a later cycle.
                pass.PauseUntil(NowSeconds() + CNumber.StrToLongClamped(line.Words[1]));
                return;
            }
            ApplyLine(update, line);
        }
        _pass = null;
    }

    private void ApplyLine(DeviceUpdate update, PortFileLine line)
    {
        var words = line.Words;
        var name = words[0];
        int colon = name.IndexOf(':');
        if (colon >= 0) name = name[..colon];

        if (name.StartsWith("driver.", StringComparison.Ordinal)) return;
        if (name.StartsWith("ups.status", StringComparison.Ordinal))
        {
            PublishStatus(update, words.AsSpan(1));
            return;
        }
        if (name.Length == 0)
        {
            // NUT stores a variable with an empty name that upsd never lists; it would only get in the way here.
            Log.LogWarning("{Subject}: {Path}:{Line}: line without a variable name ignored", Subject, FilePath, line.Number);
            return;
        }
        if (words.Length == 1)
        {
            // NUT reuses an uninitialised buffer here (the previous line's value or garbage); we do not copy that.
            Log.LogWarning("{Subject}: {Path}:{Line}: {Name} has no value; line ignored", Subject, FilePath, line.Number, name);
            return;
        }
        var value = string.Join(' ', words, 1, words.Length - 1);
        if (value.Length > MaxFileValueLength) value = value[..MaxFileValueLength];
        SetVariable(update, name, value);
    }

    /// <summary>dummy-ups' setvar, shared by the file and by SET.</summary>
    private void SetVariable(DeviceUpdate update, string name, string value)
    {
        if (name.StartsWith("ups.status", StringComparison.Ordinal))
        {
            // The whole value is one status token (2.8.0 does not split it).
            PublishStatus(update, [value]);
            return;
        }
        if (_overridden.Contains(name)) return;
        if (value.Length == 0)
        {
            update.DelInfo(name);
            return;
        }
        update.SetInfo(name, value);
        var entry = KnownVariables.For(name);
        update.SetFlags(name, entry.Flags);
        if ((entry.Flags & VariableFlags.String) != 0) update.SetAux(name, entry.MaxLength);
    }

    /// <summary>
    /// 2.8.0's status functions: tokens joined by one space as given (no check, no de-duplication);
    /// with <c>ignorelb</c>, LB tokens are dropped and LB is added when the stored charge or runtime
    /// is below its low mark.
    /// </summary>
    private void PublishStatus(DeviceUpdate update, ReadOnlySpan<string> tokens)
    {
        if (_overridden.Contains("ups.status")) return;
        var status = new StringBuilder();
        foreach (var token in tokens)
        {
            if (_ignoreLowBattery && token.Equals("LB", StringComparison.OrdinalIgnoreCase)) continue;
            if (status.Length > 0) status.Append(' ');
            status.Append(token);
        }
        if (_ignoreLowBattery && (IsBelow(update, "battery.charge", "battery.charge.low") || IsBelow(update, "battery.runtime", "battery.runtime.low")))
            status.Append(" LB");
        var text = status.ToString();
        update.SetInfo("ups.status", text.Length > MaxStateValueLength ? text[..MaxStateValueLength] : text);
    }

    private static bool IsBelow(DeviceUpdate update, string valueName, string lowName) =>
        update.GetValue(valueName) is { } value && update.GetValue(lowName) is { } low
        && CNumber.StrToLong(value) < CNumber.StrToLong(low);

    private void CopyOnce(DeviceUpdate update, string from, string to)
    {
        if (_overridden.Contains(to) || update.GetValue(from) is not { } value) return;
        update.SetInfo(to, value);
    }

    private long NowSeconds() => Time.GetUtcNow().ToUnixTimeSeconds();
}
