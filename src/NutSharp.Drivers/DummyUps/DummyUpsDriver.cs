using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using NutSharp.Config;
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
/// e.g. renamed to <c>-nocomms</c>), this driver reports the device as not connected, keeps
/// polling, and when the file is back starts again from a fresh variable table, as a restarted
/// NUT driver would.</para>
/// <para>Thread safety: the poll loop and SET/INSTCMD calls from server threads all go through
/// one lock; a cycle is short (one small file read at most).</para>
/// </remarks>
public sealed class DummyUpsDriver : DeviceDriver
{
    public const string DriverName = "dummy-ups";
    public const string NutVersion = "2.8.0";
    public const string InternalVersion = "0.15";
    public const int DefaultPollIntervalSeconds = 2;

    /// <summary>A value assembled from file words lives in a 128-byte C buffer.</summary>
    private const int MaxFileValueLength = 127;

    /// <summary>dstate values and the status buffer are ST_MAX_VALUE_LEN (256) bytes.</summary>
    private const int MaxStateValueLength = 255;

    private static readonly string[] EssentialStrings = ["ups.mfr", "ups.model", "ups.status"];
    private static readonly string[] EssentialDefaults = ["Dummy Manufacturer", "Dummy UPS", "OL"];

    private readonly object _gate = new();
    private readonly ILogger _log;
    private readonly TimeProvider _clock;
    private readonly int _configuredPollSeconds;
    private readonly bool _ignoreLowBattery;
    private readonly List<KeyValuePair<string, string>> _defaults = [];
    private readonly List<KeyValuePair<string, string>> _overrides = [];
    private readonly HashSet<string> _overridden = new(StringComparer.OrdinalIgnoreCase);
    private readonly OnceModeChangeDetector _changes = new();

    private bool _connected;
    private bool _lossReported;
    private PortFilePass? _pass;
    private long _completedCycles;

    /// <param name="clock">Wall clock for TIMER lines (whole seconds); the system clock when null.</param>
    /// <param name="pollInterval">Time between update cycles; <c>pollinterval</c> seconds when null. Tests shorten it.</param>
    public DummyUpsDriver(Device device, UpsSection section, DriverContext context, TimeProvider? clock = null, TimeSpan? pollInterval = null)
        : base(device, section)
    {
        _log = context.LoggerFactory.CreateLogger("NutSharp.Drivers.DummyUps." + section.Name);
        _clock = clock ?? TimeProvider.System;
        Mode = ResolvedMode.Resolve(section.Option("mode"), section.Port ?? "");
        FilePath = string.IsNullOrEmpty(section.Port) ? null : DefinitionFile.Resolve(section.Port, context.ConfPath);
        _configuredPollSeconds = ReadPollInterval(section);
        PollInterval = pollInterval ?? TimeSpan.FromSeconds(_configuredPollSeconds);
        _ignoreLowBattery = section.HasFlag("ignorelb");
        foreach (var (key, value) in section.Options)
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
    }

    public ResolvedMode Mode { get; }

    /// <summary>The definition file as resolved from <c>port</c>; null when no port is configured.</summary>
    public string? FilePath { get; }

    public TimeSpan PollInterval { get; }

    /// <summary>Update cycles run so far (lets tests wait for "one more cycle" without timing).</summary>
    public long CompletedCycles => Interlocked.Read(ref _completedCycles);

    public override async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Mode.Mode == DummyUpsMode.Repeater || FilePath is null)
        {
            if (FilePath is null) _log.LogError("dummy-ups [{Ups}]: no port configured; device not connected", Section.Name);
            else _log.LogError("dummy-ups [{Ups}]: repeater mode (port {Port}) is not built in; device not connected, run NUT's dummy-ups for it",
                Section.Name, Section.Port);
            Device.DriverDisconnected();
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            return;
        }

        _log.LogInformation("dummy-ups [{Ups}]: {Path}, mode {Mode}, poll every {Interval}", Section.Name, FilePath, Mode.ReportedName, PollInterval);
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                PollOnce();
                await Task.Delay(PollInterval, _clock, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            // A driver that no longer runs is a driver upsd cannot reach.
            lock (_gate)
            {
                _connected = false;
                _pass = null;
            }
            Device.DriverDisconnected();
        }
    }

    /// <summary>
    /// One update cycle (NUT's upsdrv_updateinfo, or start-up while not connected). <see cref="RunAsync"/>
    /// calls it every poll interval; tests may call it directly. Never throws.
    /// </summary>
    public void PollOnce()
    {
        lock (_gate)
        {
            try
            {
                if (Mode.Mode == DummyUpsMode.Repeater || FilePath is null) return;
                if (!_connected) TryStart(FilePath);
                else if (Mode.Mode == DummyUpsMode.Loop) UpdateLoop(FilePath);
                else UpdateOnce(FilePath);
                if (_connected) Device.Heard();
            }
            catch (Exception ex)
            {
                _log.LogError(ex, "dummy-ups [{Ups}]: update cycle failed", Section.Name);
            }
            finally
            {
                Interlocked.Increment(ref _completedCycles);
            }
        }
    }

    public override DeviceRequestResult SetVariable(string name, string value, string? trackingId)
    {
        lock (_gate)
        {
            if (!_connected)
            {
                if (trackingId is not null) Device.CompleteTracking(trackingId, TrackingStatus.Failed);
                return DeviceRequestResult.Failed;
            }
            _log.LogDebug("dummy-ups [{Ups}]: SET {Name} {Value}", Section.Name, name, value);
            SetVariableLocked(name, value.Length > MaxStateValueLength ? value[..MaxStateValueLength] : value);
        }
        if (trackingId is not null) Device.CompleteTracking(trackingId, TrackingStatus.Success);
        return DeviceRequestResult.Accepted;
    }

    /// <summary><c>load.off</c> is advertised but, as in dummy-ups, not implemented: upsd says OK, the tracking result is UNKNOWN.</summary>
    public override DeviceRequestResult InstantCommand(string name, string? parameter, string? trackingId)
    {
        _log.LogInformation("dummy-ups [{Ups}]: instcmd: unknown command [{Command}] [{Parameter}]", Section.Name, name, parameter);
        if (trackingId is not null) Device.CompleteTracking(trackingId, TrackingStatus.Unknown);
        return DeviceRequestResult.Accepted;
    }

    // ---------------------------------------------------------------- cycles

    private void TryStart(string path)
    {
        if (!DefinitionFile.TryRead(path, out var snapshot, out var problem))
        {
            ReportLoss(path, problem);
            return;
        }
        if (_lossReported) _log.LogWarning("dummy-ups [{Ups}]: definition file {Path} is back; starting afresh", Section.Name, path);
        _lossReported = false;

        // A restarted NUT driver: empty table, then the driver core's and dummy-ups' own variables.
        Device.DriverConnected(showWait: false);
        PublishDriverVariables();
        foreach (var (name, value) in _defaults) Device.SetInfo(name, value);
        foreach (var (name, value) in _overrides)
        {
            Device.SetInfo(name, value);
            Device.SetFlags(name, VariableFlags.None);
        }
        for (int i = 0; i < EssentialStrings.Length; i++)
        {
            if (_overridden.Contains(EssentialStrings[i])) continue;
            Device.SetInfo(EssentialStrings[i], EssentialDefaults[i]);
            Device.SetFlags(EssentialStrings[i], VariableFlags.ReadWrite | VariableFlags.String);
            Device.SetAux(EssentialStrings[i], 32);
        }
        Device.AddCommand("load.off");

        StartPass(snapshot);

        // The driver core copies these once, after the first (possibly TIMER-interrupted) pass.
        CopyOnce("ups.mfr", "device.mfr");
        CopyOnce("ups.model", "device.model");
        CopyOnce("ups.serial", "device.serial");

        _connected = true;
        Device.DataOk();
        Device.DumpDone();
    }

    private void UpdateLoop(string path)
    {
        if (_pass is not null)
        {
            if (!_pass.IsPaused(NowSeconds())) RunPass();
            return;
        }
        if (!DefinitionFile.TryRead(path, out var snapshot, out var problem))
        {
            ReportLoss(path, problem);
            return;
        }
        StartPass(snapshot);
    }

    private void UpdateOnce(string path)
    {
        if (_pass is not null)
        {
            if (!_pass.IsPaused(NowSeconds())) RunPass();
            return;
        }
        switch (_changes.Check(path, DateTime.UtcNow, out var changed, out var problem))
        {
            case FileCheck.Missing:
                ReportLoss(path, problem);
                break;
            case FileCheck.Changed:
                _log.LogDebug("dummy-ups [{Ups}]: {Path} changed - re-reading", Section.Name, path);
                StartPass(changed!);
                break;
        }
    }

    private void ReportLoss(string path, string? problem)
    {
        if (!_lossReported)
        {
            _log.LogWarning("dummy-ups [{Ups}]: can't open definition file {Path}: {Problem}; device not connected until it comes back",
                Section.Name, path, problem);
        }
        _lossReported = true;
        _connected = false;
        _pass = null;
        Device.DriverDisconnected();
    }

    private void StartPass(FileSnapshot snapshot)
    {
        _changes.Remember(snapshot);
        var errors = new List<int>();
        _pass = new PortFilePass(PortFileParser.Parse(snapshot.Content, errors));
        foreach (var line in errors)
            _log.LogWarning("dummy-ups [{Ups}]: {Path}:{Line}: parse error ('#' inside quotes); the rest of the line is read as a new line",
                Section.Name, FilePath, line);
        RunPass();
    }

    /// <summary>Applies lines until a TIMER line (the pass pauses) or the end of the file (the pass ends).</summary>
    private void RunPass()
    {
        var pass = _pass!;
        while (pass.TryNext(out var line))
        {
            if (line.Words[0].StartsWith("TIMER", StringComparison.Ordinal))
            {
                if (line.Words.Length < 2)
                {
                    // NUT reads a stale argument here (or crashes): treated as invalid and skipped.
                    _log.LogWarning("dummy-ups [{Ups}]: {Path}:{Line}: TIMER without a delay ignored", Section.Name, FilePath, line.Number);
                    continue;
                }
                // The pass stops even for 0 or a negative delay; it goes on in a later cycle.
                pass.PauseUntil(NowSeconds() + CNumber.StrToLongClamped(line.Words[1]));
                return;
            }
            ApplyLine(line);
        }
        _pass = null;
    }

    private void ApplyLine(PortFileLine line)
    {
        var words = line.Words;
        var name = words[0];
        int colon = name.IndexOf(':');
        if (colon >= 0) name = name[..colon];

        if (name.StartsWith("driver.", StringComparison.Ordinal)) return;
        if (name.StartsWith("ups.status", StringComparison.Ordinal))
        {
            PublishStatus(words.AsSpan(1));
            return;
        }
        if (name.Length == 0)
        {
            // NUT stores a variable with an empty name that upsd never lists; it would only get in the way here.
            _log.LogWarning("dummy-ups [{Ups}]: {Path}:{Line}: line without a variable name ignored", Section.Name, FilePath, line.Number);
            return;
        }
        if (words.Length == 1)
        {
            // NUT reuses an uninitialised buffer here (the previous line's value or garbage); we do not copy that.
            _log.LogWarning("dummy-ups [{Ups}]: {Path}:{Line}: {Name} has no value; line ignored", Section.Name, FilePath, line.Number, name);
            return;
        }
        var value = string.Join(' ', words, 1, words.Length - 1);
        if (value.Length > MaxFileValueLength) value = value[..MaxFileValueLength];
        SetVariableLocked(name, value);
    }

    /// <summary>dummy-ups' setvar, shared by the file and by SET.</summary>
    private void SetVariableLocked(string name, string value)
    {
        if (name.StartsWith("ups.status", StringComparison.Ordinal))
        {
            // The whole value is one status token (2.8.0 does not split it).
            PublishStatus([value]);
            return;
        }
        if (_overridden.Contains(name)) return;
        if (value.Length == 0)
        {
            Device.DelInfo(name);
            return;
        }
        Device.SetInfo(name, value);
        var entry = KnownVariables.For(name);
        Device.SetFlags(name, entry.Flags);
        if ((entry.Flags & VariableFlags.String) != 0) Device.SetAux(name, entry.MaxLength);
    }

    /// <summary>
    /// 2.8.0's status functions: tokens joined by one space as given (no check, no de-duplication);
    /// with <c>ignorelb</c>, LB tokens are dropped and LB is added when the stored charge or runtime
    /// is below its low mark.
    /// </summary>
    private void PublishStatus(ReadOnlySpan<string> tokens)
    {
        if (_overridden.Contains("ups.status")) return;
        var status = new StringBuilder();
        foreach (var token in tokens)
        {
            if (_ignoreLowBattery && token.Equals("LB", StringComparison.OrdinalIgnoreCase)) continue;
            if (status.Length > 0) status.Append(' ');
            status.Append(token);
        }
        if (_ignoreLowBattery && (IsBelow("battery.charge", "battery.charge.low") || IsBelow("battery.runtime", "battery.runtime.low")))
            status.Append(" LB");
        var text = status.ToString();
        Device.SetInfo("ups.status", text.Length > MaxStateValueLength ? text[..MaxStateValueLength] : text);
    }

    private bool IsBelow(string valueName, string lowName) =>
        Device.TryGetVariable(valueName, out var value) && Device.TryGetVariable(lowName, out var low)
        && CNumber.StrToLong(value.Value) < CNumber.StrToLong(low.Value);

    private void CopyOnce(string from, string to)
    {
        if (_overridden.Contains(to) || !Device.TryGetVariable(from, out var source)) return;
        Device.SetInfo(to, source.Value);
    }

    /// <summary>The driver core's variables: device.type, driver.name/version, every ups.conf option as driver.parameter/flag.</summary>
    private void PublishDriverVariables()
    {
        Device.SetInfo("device.type", "ups");
        Device.SetInfo("driver.name", DriverName);
        Device.SetInfo("driver.version", NutVersion);
        Device.SetInfo("driver.version.internal", InternalVersion);
        Device.SetInfo("driver.parameter.port", Section.Port ?? "");
        foreach (var (key, value) in Section.Options)
        {
            switch (key)
            {
                // Taken by the driver core itself, not stored as parameters (pollinterval and synchronous are reported below).
                case "driver" or "port" or "desc" or "sdorder" or "debug_min" or "pollinterval" or "synchronous":
                    continue;
            }
            if (key.StartsWith("override.", StringComparison.OrdinalIgnoreCase) || key.StartsWith("default.", StringComparison.OrdinalIgnoreCase))
                continue;
            if (value is null) Device.SetInfo("driver.flag." + key, "enabled");
            else Device.SetInfo("driver.parameter." + key, value);
        }
        Device.SetInfo("driver.parameter.mode", Mode.ReportedName);
        Device.SetInfo("driver.parameter.pollinterval", _configuredPollSeconds.ToString(CultureInfo.InvariantCulture));
        Device.SetInfo("driver.parameter.synchronous", Section.Option("synchronous") switch
        {
            null or "auto" => "auto",
            "yes" => "yes",
            _ => "no",
        });
    }

    private int ReadPollInterval(UpsSection section)
    {
        var text = section.Option("pollinterval");
        if (text is null) return DefaultPollIntervalSeconds;
        int seconds = CNumber.StrToLongClamped(text);
        if (seconds > 0) return seconds;
        // NUT refuses to start; one bad option should not take the device down here.
        _log.LogWarning("dummy-ups [{Ups}]: invalid pollinterval {Value}; using {Default}", section.Name, text, DefaultPollIntervalSeconds);
        return DefaultPollIntervalSeconds;
    }

    private long NowSeconds() => _clock.GetUtcNow().ToUnixTimeSeconds();
}
