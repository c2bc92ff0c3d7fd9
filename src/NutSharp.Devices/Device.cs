using NutSharp.Protocol;

namespace NutSharp.Devices;

/// <summary>
/// One UPS as clients see it: variables, commands, driver link state, the FSD latch and its
/// logged-in clients. The one place device state lives. Drivers publish into it; sessions read
/// it. Every member takes the device's lock, so a driver thread and any number of sessions can
/// use it at once.
/// </summary>
public sealed class Device
{
    private readonly Lock _lock = new();
    private readonly SortedList<string, Variable> _variables = new(NameComparer.Instance);
    private readonly SortedList<string, string> _commands = new(NameComparer.Instance);
    private readonly List<(long Connection, string Address)> _logins = [];
    private readonly TrackingRegistry _tracking;
    private bool _connected;
    private bool _dataOk = true;
    private bool _dumpDone;
    private long _lastHeard;
    private volatile bool _fsd;

    public Device(string name, string? description, TrackingRegistry tracking)
    {
        Name = name;
        Description = description;
        _tracking = tracking;
    }

    /// <summary>Canonical name, as in ups.conf.</summary>
    public string Name { get; }

    /// <summary>The <c>desc</c> of ups.conf, raw; null when none.</summary>
    public string? Description { get; set; }

    /// <summary>Where SET and INSTCMD go; null while no driver is attached.</summary>
    public IDeviceDriver? Driver { get; set; }

    /// <summary>Seconds without driver traffic before the data counts as stale (upsd's MAXAGE).</summary>
    public int MaxAgeSeconds { get; set; } = 15;

    /// <summary>The FSD latch (set by FSD, cleared only when the device is removed).</summary>
    public bool Fsd => _fsd;

    public void SetFsd() => _fsd = true;

    // ---------------------------------------------------------------- driver side

    /// <summary>
    /// A driver link came up: everything is wiped and <c>ups.status</c> reads <c>WAIT</c> until
    /// the driver's dump is complete (upsd after DUMPALL).
    /// </summary>
    public void DriverConnected(bool showWait = true)
    {
        lock (_lock)
        {
            _variables.Clear();
            _commands.Clear();
            if (showWait) SetInfoLocked("ups.status", "WAIT", ignoreCaseOnlyChange: false);
            _connected = true;
            _dumpDone = false;
            _dataOk = true;
            _lastHeard = Environment.TickCount64;
        }
    }

    /// <summary>The driver link is gone: every request gets DRIVER-NOT-CONNECTED until it comes back.</summary>
    public void DriverDisconnected()
    {
        lock (_lock)
        {
            _connected = false;
            _dumpDone = false;
        }
    }

    public bool IsConnected { get { lock (_lock) return _connected; } }

    /// <summary>Any recognised message from the driver refreshes the staleness timer.</summary>
    public void Heard()
    {
        lock (_lock) _lastHeard = Environment.TickCount64;
    }

    public long LastHeard { get { lock (_lock) return _lastHeard; } }

    public void DumpDone()
    {
        lock (_lock) { _dumpDone = true; _lastHeard = Environment.TickCount64; }
    }

    public void DataOk()
    {
        lock (_lock) { _dataOk = true; _lastHeard = Environment.TickCount64; }
    }

    public void DataStale()
    {
        lock (_lock) { _dataOk = false; _lastHeard = Environment.TickCount64; }
    }

    /// <summary>
    /// Creates or updates a variable. As upsd does, a new value that differs from the old one
    /// only in letter case is ignored (upsd compares with strcasecmp).
    /// </summary>
    public void SetInfo(string name, string value)
    {
        lock (_lock)
        {
            SetInfoLocked(name, value, ignoreCaseOnlyChange: true);
            _lastHeard = Environment.TickCount64;
        }
    }

    private void SetInfoLocked(string name, string value, bool ignoreCaseOnlyChange)
    {
        value = Sanitize(value);
        if (_variables.TryGetValue(name, out var existing))
        {
            if (ignoreCaseOnlyChange && NameComparer.Instance.Equals(existing.Value, value)) return;
            existing.SetValue(value);
            return;
        }
        var v = new Variable(Sanitize(name));
        v.SetValue(value);
        _variables.Add(v.Name, v);
    }

    public void DelInfo(string name)
    {
        lock (_lock)
        {
            _variables.Remove(name);
            _lastHeard = Environment.TickCount64;
        }
    }

    /// <summary>Replaces the flags. Returns false when the variable does not exist (the message is dropped).</summary>
    public bool SetFlags(string name, VariableFlags flags)
    {
        lock (_lock)
        {
            _lastHeard = Environment.TickCount64;
            if (!_variables.TryGetValue(name, out var v)) return false;
            v.Flags = flags;
            return true;
        }
    }

    public bool SetAux(string name, int aux)
    {
        lock (_lock)
        {
            _lastHeard = Environment.TickCount64;
            if (!_variables.TryGetValue(name, out var v)) return false;
            v.Aux = aux;
            return true;
        }
    }

    /// <summary>Appends an ENUM value (stored escaped; an exact duplicate is ignored).</summary>
    public bool AddEnum(string name, string value)
    {
        lock (_lock)
        {
            _lastHeard = Environment.TickCount64;
            if (!_variables.TryGetValue(name, out var v)) return false;
            var stored = Escaping.Encode(Sanitize(value));
            if (!v.Enums.Contains(stored, StringComparer.Ordinal)) v.Enums.Add(stored);
            return true;
        }
    }

    public bool DelEnum(string name, string value)
    {
        lock (_lock)
        {
            _lastHeard = Environment.TickCount64;
            if (!_variables.TryGetValue(name, out var v)) return false;
            // upsd compares the stored (escaped) entries with the raw value here, unlike ADDENUM.
            var raw = Sanitize(value);
            int i = v.Enums.FindIndex(e => NameComparer.Instance.Equals(e, raw));
            if (i >= 0) v.Enums.RemoveAt(i);
            return true;
        }
    }

    /// <summary>
    /// Appends a RANGE. As in upsd, min &gt; max is rejected, and a range whose min or max equals
    /// an existing entry's is taken for a duplicate and dropped.
    /// </summary>
    public bool AddRange(string name, int min, int max)
    {
        lock (_lock)
        {
            _lastHeard = Environment.TickCount64;
            if (!_variables.TryGetValue(name, out var v)) return false;
            if (min > max) return true;
            foreach (var r in v.Ranges)
                if (r.Min == min || r.Max == max) return true;
            v.Ranges.Add(new ValueRange(min, max));
            return true;
        }
    }

    public bool DelRange(string name, int min, int max)
    {
        lock (_lock)
        {
            _lastHeard = Environment.TickCount64;
            if (!_variables.TryGetValue(name, out var v)) return false;
            int i = v.Ranges.FindIndex(r => r.Min == min || r.Max == max);
            if (i >= 0) v.Ranges.RemoveAt(i);
            return true;
        }
    }

    public void AddCommand(string name)
    {
        lock (_lock)
        {
            _lastHeard = Environment.TickCount64;
            name = Sanitize(name);
            _commands.TryAdd(name, name);
        }
    }

    public void DelCommand(string name)
    {
        lock (_lock)
        {
            _lastHeard = Environment.TickCount64;
            _commands.Remove(name);
        }
    }

    /// <summary>A driver reports the outcome of a tracked SET or INSTCMD.</summary>
    public void CompleteTracking(string id, int status)
    {
        Heard();
        _tracking.Complete(id, status);
    }

    /// <summary>Drops every byte the wire could not carry (upsd's parser drops them too).</summary>
    private static string Sanitize(string s)
    {
        foreach (var c in s)
            if (c < 0x20 || c > 0x7F) return Filter(s);
        return s;

        static string Filter(string s)
        {
            var chars = new System.Text.StringBuilder(s.Length);
            foreach (var c in s) if (c >= 0x20 && c <= 0x7F) chars.Append(c);
            return chars.ToString();
        }
    }

    // ---------------------------------------------------------------- server side

    /// <summary>upsd's availability check: DRIVER-NOT-CONNECTED, DATA-STALE, or null when usable.</summary>
    public NutError? Availability()
    {
        lock (_lock) return AvailabilityLocked();
    }

    private NutError? AvailabilityLocked()
    {
        if (!_connected) return NutError.DriverNotConnected;
        if (_dumpDone && !_dataOk) return NutError.DataStale;
        if (Environment.TickCount64 - _lastHeard > MaxAgeSeconds * 1000L) return NutError.DataStale;
        return null;
    }

    /// <summary>A snapshot of one variable's state, for checks outside the lock.</summary>
    public readonly record struct VariableInfo(string Name, string Value, VariableFlags Flags, int Aux, string[] Enums, ValueRange[] Ranges);

    public bool TryGetVariable(string name, out VariableInfo info)
        => TryGetVariable(System.Text.Encoding.ASCII.GetBytes(name), out info);

    public bool TryGetVariable(ReadOnlySpan<byte> name, out VariableInfo info)
    {
        lock (_lock)
        {
            if (FindLocked(name) is { } v)
            {
                info = new VariableInfo(v.Name, v.Value, v.Flags, v.Aux, [.. v.Enums], [.. v.Ranges]);
                return true;
            }
        }
        info = default;
        return false;
    }

    public bool HasCommand(string name) => HasCommand(System.Text.Encoding.ASCII.GetBytes(name));

    public bool HasCommand(ReadOnlySpan<byte> name)
    {
        lock (_lock) return NameComparer.BinarySearch(_commands.Keys, name) >= 0;
    }

    private Variable? FindLocked(ReadOnlySpan<byte> name)
    {
        int i = NameComparer.BinarySearch(_variables.Keys, name);
        return i >= 0 ? _variables.Values[i] : null;
    }

    /// <summary>
    /// <c>GET VAR</c>: availability, then the value. <paramref name="upsAsTyped"/> and
    /// <paramref name="varAsTyped"/> are echoed as the client typed them.
    /// </summary>
    public void WriteGetVar(OutputBuffer output, ReadOnlySpan<byte> upsAsTyped, ReadOnlySpan<byte> varAsTyped)
    {
        lock (_lock)
        {
            var error = AvailabilityLocked();
            if (error is not null) { output.Error(error.Value); return; }
            if (FindLocked(varAsTyped) is not { } v) { output.Error(NutError.VarNotSupported); return; }
            output.Append("VAR "u8).Append(upsAsTyped).Append((byte)' ').Append(varAsTyped).Append(" \""u8);
            if (_fsd && NameComparer.EqualsIgnoreCase(varAsTyped, "ups.status"u8)) output.Append("FSD "u8);
            output.Append(v.EncodedValue).Append("\"\n"u8);
        }
    }

    private static bool IsStatus(string name) => NameComparer.Instance.Equals(name, "ups.status");

    /// <summary><c>LIST VAR</c> (with the FSD prefix on ups.status) or <c>LIST RW</c> (RW variables, raw status).</summary>
    public void WriteListVariables(OutputBuffer output, ReadOnlySpan<byte> header, ReadOnlySpan<byte> upsAsTyped, bool readWriteOnly)
    {
        lock (_lock)
        {
            var error = AvailabilityLocked();
            if (error is not null) { output.Error(error.Value); return; }
            output.Append("BEGIN LIST "u8).Append(header).Append((byte)'\n');
            var values = _variables.Values;
            for (int i = 0; i < values.Count; i++)
            {
                var v = values[i];
                if (readWriteOnly && (v.Flags & VariableFlags.ReadWrite) == 0) continue;
                output.Append(readWriteOnly ? "RW "u8 : "VAR "u8).Append(upsAsTyped).Append((byte)' ').Append(v.Name).Append(" \""u8);
                if (!readWriteOnly && _fsd && IsStatus(v.Name)) output.Append("FSD "u8);
                output.Append(v.EncodedValue).Append("\"\n"u8);
            }
            output.Append("END LIST "u8).Append(header).Append((byte)'\n');
        }
    }

    public void WriteListCommands(OutputBuffer output, ReadOnlySpan<byte> header, ReadOnlySpan<byte> upsAsTyped)
    {
        lock (_lock)
        {
            var error = AvailabilityLocked();
            if (error is not null) { output.Error(error.Value); return; }
            output.Append("BEGIN LIST "u8).Append(header).Append((byte)'\n');
            foreach (var c in _commands.Values)
                output.Append("CMD "u8).Append(upsAsTyped).Append((byte)' ').Append(c).Append((byte)'\n');
            output.Append("END LIST "u8).Append(header).Append((byte)'\n');
        }
    }

    /// <summary>LIST ENUM / LIST RANGE.</summary>
    public void WriteListEnumOrRange(OutputBuffer output, ReadOnlySpan<byte> header, ReadOnlySpan<byte> upsAsTyped, ReadOnlySpan<byte> varAsTyped, bool ranges)
    {
        lock (_lock)
        {
            var error = AvailabilityLocked();
            if (error is not null) { output.Error(error.Value); return; }
            if (FindLocked(varAsTyped) is not { } v) { output.Error(NutError.VarNotSupported); return; }
            output.Append("BEGIN LIST "u8).Append(header).Append((byte)'\n');
            if (ranges)
            {
                foreach (var r in v.Ranges)
                    output.Append("RANGE "u8).Append(upsAsTyped).Append((byte)' ').Append(varAsTyped)
                        .Append(" \""u8).Append(r.Min).Append("\" \""u8).Append(r.Max).Append("\"\n"u8);
            }
            else
            {
                foreach (var e in v.Enums)
                    output.Append("ENUM "u8).Append(upsAsTyped).Append((byte)' ').Append(varAsTyped)
                        .Append(" \""u8).Append(e).Append("\"\n"u8);
            }
            output.Append("END LIST "u8).Append(header).Append((byte)'\n');
        }
    }

    /// <summary>GET TYPE: <c>[ RW][ ENUM][ RANGE]</c> then <c> STRING:n</c> or <c> NUMBER</c>.</summary>
    public void WriteType(OutputBuffer output, ReadOnlySpan<byte> upsAsTyped, ReadOnlySpan<byte> varAsTyped)
    {
        lock (_lock)
        {
            var error = AvailabilityLocked();
            if (error is not null) { output.Error(error.Value); return; }
            if (FindLocked(varAsTyped) is not { } v) { output.Error(NutError.VarNotSupported); return; }
            output.Append("TYPE "u8).Append(upsAsTyped).Append((byte)' ').Append(varAsTyped);
            if ((v.Flags & VariableFlags.ReadWrite) != 0) output.Append(" RW"u8);
            if (v.Enums.Count > 0) output.Append(" ENUM"u8);
            if (v.Ranges.Count > 0) output.Append(" RANGE"u8);
            if ((v.Flags & VariableFlags.String) != 0) output.Append(" STRING:"u8).Append(v.Aux);
            else output.Append(" NUMBER"u8);
            output.Append((byte)'\n');
        }
    }

    // ---------------------------------------------------------------- logins

    public int NumLogins { get { lock (_lock) return _logins.Count; } }

    /// <summary>Records a LOGIN; the list stays newest connection first, as upsd lists clients.</summary>
    public void AddLogin(long connection, string address)
    {
        lock (_lock)
        {
            int i = 0;
            while (i < _logins.Count && _logins[i].Connection > connection) i++;
            _logins.Insert(i, (connection, address));
        }
    }

    public void RemoveLogin(long connection)
    {
        lock (_lock)
        {
            int i = _logins.FindIndex(l => l.Connection == connection);
            if (i >= 0) _logins.RemoveAt(i);
        }
    }

    public void WriteListClients(OutputBuffer output, ReadOnlySpan<byte> header)
    {
        lock (_lock)
        {
            output.Append("BEGIN LIST "u8).Append(header).Append((byte)'\n');
            foreach (var (_, address) in _logins)
                output.Append("CLIENT "u8).Append(Name).Append((byte)' ').Append(address).Append((byte)'\n');
            output.Append("END LIST "u8).Append(header).Append((byte)'\n');
        }
    }

    /// <summary>All variables, for tests and diagnostics.</summary>
    public IReadOnlyList<(string Name, string Value)> SnapshotVariables()
    {
        lock (_lock) return _variables.Values.Select(v => (v.Name, v.Value)).ToList();
    }

    public IReadOnlyList<string> SnapshotCommands()
    {
        lock (_lock) return [.. _commands.Values];
    }
}
