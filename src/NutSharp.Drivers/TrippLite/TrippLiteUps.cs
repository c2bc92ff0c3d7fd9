using System.Globalization;
using NutSharp.Devices;
using NutSharp.Drivers.Hid;

namespace NutSharp.Drivers.TrippLite;

/// <summary>
/// A Tripp Lite UPS seen through its report descriptor: binds <see cref="TrippLiteTable"/>'s rows
/// to the fields the descriptor has, reads them as usbhid-ups does (static values once, quick-poll
/// items every poll, the rest every full update), keeps the NUT variables and status flags, and
/// turns SET VAR and INSTCMD into read-modify-write SET_FEATUREs. Knows nothing of the server:
/// the driver publishes what it holds.
/// </summary>
public sealed class TrippLiteUps
{
    private readonly IHidDevice _device;
    private readonly ProductScales _scales;
    private readonly ReportReader _reports;
    private readonly List<(VariableItem Item, HidField Field)> _variables = [];
    private readonly List<(StatusItem Item, HidField Field)> _status = [];
    private readonly Dictionary<string, (CommandItem Item, HidField Field)> _commands = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _writable = new(StringComparer.Ordinal);
    private readonly List<Protocol2012Item> _fallbacks = [];
    private bool _statusFallback;
    private bool _dataChanged;

    public TrippLiteUps(IHidDevice device, ReportDescriptor descriptor, ProductScales scales, bool onlineDischarge = false, bool pollOnly = false)
    {
        PollOnly = pollOnly;
        _device = device;
        Descriptor = descriptor;
        _scales = scales;
        OnlineDischarge = onlineDischarge;
        _reports = new ReportReader(device, descriptor);
        Bind();
    }

    public ReportDescriptor Descriptor { get; }

    public bool OnlineDischarge { get; }

    /// <summary>usbhid-ups' <c>pollonly</c>: interrupt-IN reports are not read (for UPSs whose interrupt pipe misbehaves).</summary>
    public bool PollOnly { get; }

    /// <summary>The NUT variables read so far (ups.status and ups.alarm excepted: see <see cref="Status"/>).</summary>
    public IReadOnlyDictionary<string, string> Values => _values;

    /// <summary>Writable variables and their STRING length, as NUT declares them (ST_FLAG_RW | ST_FLAG_STRING).</summary>
    public IReadOnlyDictionary<string, int> Writable => _writable;

    /// <summary>The instant commands the descriptor allows, plus usbhid-ups' composite ones.</summary>
    public IReadOnlyList<string> Commands
    {
        get
        {
            var list = _commands.Keys.ToList();
            // usbhid-ups adds these whenever their building blocks exist (upsdrv_initinfo).
            if (_commands.ContainsKey("load.off.delay")) list.Add("load.off");
            if (_commands.ContainsKey("load.on.delay")) list.Add("load.on");
            if (_commands.ContainsKey("load.off.delay") && _commands.ContainsKey("load.on.delay")) list.AddRange(["shutdown.return", "shutdown.stayoff"]);
            // beeper.on and beeper.off are NUT's old names, still accepted (instcmd() of usbhid-ups.c).
            if (_commands.ContainsKey("beeper.enable")) list.Add("beeper.on");
            if (_commands.ContainsKey("beeper.disable")) list.Add("beeper.off");
            return list;
        }
    }

    public StatusBits Bits { get; private set; }

    /// <summary>A SET or INSTCMD changed the device: the next walk is a full one (NUT's data_has_changed).</summary>
    public bool NeedsFullUpdate => _dataChanged;

    /// <summary>ups.status as usbhid-ups 2.8.0 composes it.</summary>
    public string Status => UpsStatusText.Status(Bits, OnlineDischarge);

    public string? Alarm => UpsStatusText.Alarm(Bits);

    /// <summary>Items skipped in the last walk because their report failed (refused, short, foreign).</summary>
    public IReadOnlyList<string> Skipped => _skipped;

    private readonly List<string> _skipped = [];

    private void Bind()
    {
        // Every row whose path the descriptor has is bound; the first walk then keeps, per variable,
        // the rows up to the first one that could be read (NUT's HU_WALKMODE_INIT).
        foreach (var item in TrippLiteTable.Variables)
        {
            if (Descriptor.Find(item.Path) is not { } field) continue;
            if (!item.Flags.HasFlag(ItemFlags.Absent)) _variables.Add((item, field));
            else if (!_values.ContainsKey(item.Variable))
            {
                _values[item.Variable] = item.Default ?? "";
                _writable[item.Variable] = item.WritableLength;
            }
        }
        foreach (var item in TrippLiteTable.Status)
            if (Descriptor.Find(item.Path) is { } field) _status.Add((item, field));
        foreach (var item in TrippLiteTable.Commands)
            if (!_commands.ContainsKey(item.Command) && Descriptor.Find(item.Path) is { IsConstant: false } field) _commands[item.Command] = (item, field);
        if (_device.Info.VendorId != TrippLiteProducts.TrippLiteVendor) return;
        // What the descriptor does not describe is tried at protocol 2012's fixed reports; the
        // first walk drops those the UPS does not answer.
        var described = _variables.Select(v => v.Item.Variable).ToHashSet(StringComparer.Ordinal);
        foreach (var item in Protocol2012.Variables)
            if (!described.Contains(item.Variable) && !_values.ContainsKey(item.Variable)) _fallbacks.Add(item);
        _statusFallback = !_status.Any(s => s.Item.Path.StartsWith("UPS.PowerSummary.PresentStatus.", StringComparison.Ordinal));
    }

    /// <summary>Sets a value from ups.conf (offdelay, ondelay, lowbatt) as upsdrv_initinfo does: only when the variable exists, as a whole number.</summary>
    public void ApplyConfigured(string variable, string? configured)
    {
        if (configured is null || !_values.ContainsKey(variable)) return;
        _values[variable] = CNumberText(configured);
    }

    /// <summary>
    /// One walk. A report the device refuses, or answers short or with another ID, skips its items
    /// (NUT skips an item on I/O errors); the device gone or a permission error ends the walk. If
    /// the walk had items to read and none could be read, the device is treated as gone (NUT's
    /// safety check for flaky devices).
    /// </summary>
    public void Update(UpdateMode mode)
    {
        _reports.NewCycle();
        _skipped.Clear();
        bool readSemiStatic = mode == UpdateMode.Init || _dataChanged;
        int attempted = 0, succeeded = 0;
        var readNow = new HashSet<string>(StringComparer.Ordinal);
        var superseded = new List<(VariableItem, HidField)>();
        foreach (var (item, field) in _variables)
        {
            if (!Wanted(item.Flags, mode, readSemiStatic)) continue;
            if (mode == UpdateMode.Init && readNow.Contains(item.Variable))
            {
                superseded.Add((item, field));
                continue;
            }
            attempted++;
            if (TryRead(field, out long logical))
            {
                succeeded++;
                if (Format(item, field, logical) is not { } text) continue;
                _values[item.Variable] = text;
                readNow.Add(item.Variable);
                if (mode == UpdateMode.Init && item.WritableLength > 0) _writable[item.Variable] = item.WritableLength;
            }
            else _skipped.Add(item.Variable);
        }
        foreach (var row in superseded) _variables.Remove(row);
        var bits = Bits;
        foreach (var (item, field) in _status)
        {
            if (!Wanted(item.Flags, mode, readSemiStatic)) continue;
            attempted++;
            if (TryRead(field, out long logical))
            {
                succeeded++;
                bits = logical != 0 ? bits | item.Bit : bits & ~item.Bit;
            }
            else _skipped.Add(item.Path);
        }
        foreach (var item in _fallbacks.ToList())
        {
            if (!Wanted(item.Flags, mode, readSemiStatic)) continue;
            attempted++;
            if (TryReadFixed(item.ReportId, item.Bytes, out long raw) && FormatFixed(item, raw) is { } text)
            {
                succeeded++;
                _values[item.Variable] = text;
            }
            else if (mode == UpdateMode.Init) _fallbacks.Remove(item);
            else _skipped.Add(item.Variable);
        }
        if (_statusFallback)
        {
            attempted++;
            if (TryReadFixed(Protocol2012.StatusReport, 1, out long status))
            {
                succeeded++;
                for (int bit = 0; bit < Protocol2012.StatusBitsInOrder.Count; bit++)
                {
                    var flag = Protocol2012.StatusBitsInOrder[bit];
                    bits = (status & (1L << bit)) != 0 ? bits | flag : bits & ~flag;
                }
            }
            else if (mode == UpdateMode.Init) _statusFallback = false;
        }
        Bits = bits;
        if (mode != UpdateMode.Quick) _dataChanged = false;
        if (!PollOnly) ReadInputReports();
        if (attempted > 0 && succeeded == 0)
            throw new HidDeviceException(HidFailure.Other, $"{_device.Info.Node}: none of {attempted} items could be read");
    }

    private static bool Wanted(ItemFlags flags, UpdateMode mode, bool readSemiStatic) => mode switch
    {
        UpdateMode.Init => true,
        UpdateMode.Quick => flags.HasFlag(ItemFlags.QuickPoll),
        _ => !flags.HasFlag(ItemFlags.Static) && (!flags.HasFlag(ItemFlags.SemiStatic) || readSemiStatic),
    };

    private bool TryRead(HidField field, out long logical)
    {
        try
        {
            var report = _reports.Feature(field.ReportId);
            logical = field.ReadLogical(report.AsSpan(1));
            return true;
        }
        catch (HidDeviceException e) when (e.Failure is HidFailure.Refused or HidFailure.BadReport or HidFailure.Other)
        {
            logical = 0;
            return false;
        }
        catch (HidReportException)
        {
            logical = 0;
            return false;
        }
    }

    private bool TryReadFixed(byte id, int bytes, out long raw)
    {
        raw = 0;
        try
        {
            var report = _reports.FeatureOfAtLeast(id, 1 + bytes);
            for (int i = 0; i < bytes; i++) raw |= (long)report[1 + i] << (8 * i);
            return true;
        }
        catch (HidDeviceException e) when (e.Failure is HidFailure.Refused or HidFailure.BadReport or HidFailure.Other)
        {
            return false;
        }
    }

    private static string? FormatFixed(Protocol2012Item item, long raw) => item.Conversion switch
    {
        Conversion.Beeper => Lookup(TrippLiteTable.BeeperTexts, raw),
        _ => (raw * item.Scale).ToString(item.Decimals == 0 ? "F0" : "F1", CultureInfo.InvariantCulture),
    };

    /// <summary>Interrupt-IN reports waiting: their fields update the same variables and status bits (NUT's interrupt handling).</summary>
    private void ReadInputReports()
    {
        var buffer = new byte[256];
        for (int guard = 0; guard < 256; guard++)
        {
            int length = _device.ReadInput(buffer);
            if (length <= 0) return;
            ApplyInput(buffer.AsSpan(0, length));
        }
    }

    public void ApplyInput(ReadOnlySpan<byte> report)
    {
        bool numbered = Descriptor.HasNumberedReports;
        byte id = numbered ? report[0] : (byte)0;
        var payload = numbered ? report[1..] : report;
        foreach (var field in Descriptor.Fields)
        {
            if (field.Type != HidReportType.Input || field.ReportId != id || field.BitOffset + field.BitSize > payload.Length * 8) continue;
            long logical = field.ReadLogical(payload);
            foreach (var (item, _) in _status.Where(s => s.Item.Path == field.Path))
                Bits = logical != 0 ? Bits | item.Bit : Bits & ~item.Bit;
            foreach (var (item, _) in _variables.Where(v => v.Item.Path == field.Path))
                if (Format(item, field, logical) is { } text) _values[item.Variable] = text;
        }
    }

    /// <summary>The published text of a value: lookups, unit conversion, the product's scale, then NUT's printf format.</summary>
    internal string? Format(VariableItem item, HidField field, long logical)
    {
        switch (item.Conversion)
        {
            case Conversion.Beeper: return Lookup(TrippLiteTable.BeeperTexts, field.ToPhysical(logical));
            case Conversion.TestResult: return Lookup(TrippLiteTable.TestResultTexts, field.ToPhysical(logical));
        }
        double value = field.ToPhysical(logical) * item.Conversion switch
        {
            Conversion.Battery => _scales.Battery,
            Conversion.IoVoltage => _scales.IoVoltage,
            Conversion.IoFrequency => _scales.IoFrequency,
            Conversion.IoCurrent => _scales.IoCurrent,
            _ => 1.0,
        };
        if (item.Conversion == Conversion.KelvinToCelsius) value -= 273.15;
        return value.ToString(item.Decimals == 0 ? "F0" : "F1", CultureInfo.InvariantCulture);
    }

    private static string? Lookup(IReadOnlyList<(long Value, string Text)> table, double value)
    {
        foreach (var (v, text) in table) if (v == (long)value) return text;
        return null;
    }

    // ---------------------------------------------------------------- SET VAR and INSTCMD

    /// <summary>SET VAR, as usbhid-ups' setvar(): NUT-side values are just stored; others are written to the device.</summary>
    public int Set(string variable, string value)
    {
        if (!_writable.ContainsKey(variable)) return TrackingStatus.Unknown;
        var bound = _variables.FirstOrDefault(v => v.Item.Variable == variable);
        if (bound.Item is null)
        {
            // HU_FLAG_ABSENT: a NUT-side setting (ups.delay.shutdown, ups.delay.start).
            _values[variable] = value;
            return TrackingStatus.Success;
        }
        var status = Write(bound.Field, CNumber(value));
        if (status == TrackingStatus.Success) _dataChanged = true;
        return status;
    }

    /// <summary>INSTCMD, as usbhid-ups' instcmd(): the command's value (or the client's parameter) written to its field; composite commands in NUT's order.</summary>
    public async ValueTask<int> CommandAsync(string command, string? parameter, TimeProvider time, CancellationToken cancellationToken)
    {
        switch (command)
        {
            case "beeper.on": return await CommandAsync("beeper.enable", null, time, cancellationToken).ConfigureAwait(false);
            case "beeper.off": return await CommandAsync("beeper.disable", null, time, cancellationToken).ConfigureAwait(false);
        }
        if (_commands.TryGetValue(command, out var bound))
        {
            var status = Write(bound.Field, CNumber(parameter ?? bound.Item.Value));
            if (status == TrackingStatus.Success) _dataChanged = true;
            return status;
        }
        switch (command)
        {
            case "load.on": return await CommandAsync("load.on.delay", "0", time, cancellationToken).ConfigureAwait(false);
            case "load.off": return await CommandAsync("load.off.delay", "0", time, cancellationToken).ConfigureAwait(false);
            case "shutdown.return" or "shutdown.stayoff" when _commands.ContainsKey("load.on.delay") && _commands.ContainsKey("load.off.delay"):
            {
                string onDelay = command == "shutdown.return" ? _values.GetValueOrDefault("ups.delay.start", TrippLiteTable.DefaultOnDelay) : "-1";
                int first = await CommandAsync("load.on.delay", onDelay, time, cancellationToken).ConfigureAwait(false);
                if (first != TrackingStatus.Success) return first;
                // The AVR750U (3024) drops commands that arrive too fast; NUT waits 125 ms between the two.
                await Task.Delay(TimeSpan.FromMilliseconds(125), time, cancellationToken).ConfigureAwait(false);
                return await CommandAsync("load.off.delay", _values.GetValueOrDefault("ups.delay.shutdown", TrippLiteTable.DefaultOffDelay), time, cancellationToken).ConfigureAwait(false);
            }
        }
        return TrackingStatus.InvalidArgument;
    }

    /// <summary>
    /// Read-modify-write of the field's report: the latest buffer from the device, the field's bits
    /// patched, the whole report sent back (neighbouring fields kept). A value outside the field's
    /// logical range is refused rather than wrapped into other bits.
    /// </summary>
    private int Write(HidField field, double physical)
    {
        long logical = field.ToLogical(physical);
        if (logical < field.LogicalMinimum || logical > field.LogicalMaximum) return TrackingStatus.InvalidArgument;
        _reports.Forget(field.ReportId);
        try
        {
            var report = _reports.Feature(field.ReportId).ToArray();
            field.WriteLogical(report.AsSpan(1), logical);
            _device.SetFeature(report);
        }
        catch (HidDeviceException e) when (e.Failure is HidFailure.Refused or HidFailure.BadReport or HidFailure.Other)
        {
            // The device would not take it (NUT: "Can't set Report"); the UPS is still there.
            LastWriteError = e.Message;
            return TrackingStatus.Failed;
        }
        finally
        {
            _reports.Forget(field.ReportId);
        }
        return TrackingStatus.Success;
    }

    /// <summary>Why the last write failed, for the driver's log.</summary>
    public string? LastWriteError { get; private set; }

    /// <summary>C's atol as NUT applies it to a value: leading blanks, a sign, digits; anything else ends the number.</summary>
    internal static long CNumber(string text)
    {
        var span = text.AsSpan().TrimStart();
        int i = 0;
        bool negative = false;
        if (i < span.Length && span[i] is '+' or '-') negative = span[i++] == '-';
        long value = 0;
        while (i < span.Length && char.IsAsciiDigit(span[i]) && value < long.MaxValue / 10) value = value * 10 + (span[i++] - '0');
        return negative ? -value : value;
    }

    private static string CNumberText(string text) => CNumber(text).ToString(CultureInfo.InvariantCulture);
}
