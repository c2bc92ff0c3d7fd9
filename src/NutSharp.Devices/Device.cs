namespace NutSharp.Devices;

/// <summary>
/// One UPS (or meter, or PDU) as every front-end sees it. Its driver publishes batches through
/// <see cref="BeginUpdate"/>; readers take <see cref="Current"/>, an immutable snapshot, without any
/// lock. SET and INSTCMD go back to the driver through <see cref="Driver"/>.
/// </summary>
public sealed class Device
{
    private readonly DeviceStore _store;
    private readonly Lock _writeLock = new();
    private readonly DeviceUpdate _update;
    private readonly Lock _loginLock = new();
    private readonly List<(long Connection, string Address)> _logins = [];
    private DeviceSnapshot _current;
    private long _lastHeard;
    private volatile string? _description;
    private volatile IDeviceDriver? _driver;
    private volatile int _maxAgeSeconds = 15;

    internal Device(string name, string? description, DeviceStore store)
    {
        Name = name;
        _description = description;
        _store = store;
        _update = new DeviceUpdate(this);
        _current = DeviceSnapshot.Initial(name);
        _lastHeard = store.Time.GetTimestamp();
    }

    /// <summary>Canonical name, as in ups.conf.</summary>
    public string Name { get; }

    /// <summary>The <c>desc</c> of ups.conf, raw; null when none.</summary>
    public string? Description { get => _description; set => _description = value; }

    /// <summary>Where SET and INSTCMD go; null while no driver is attached.</summary>
    public IDeviceDriver? Driver { get => _driver; set => _driver = value; }

    /// <summary>Seconds without driver traffic before the data counts as stale (upsd's MAXAGE).</summary>
    public int MaxAgeSeconds { get => _maxAgeSeconds; set => _maxAgeSeconds = value; }

    /// <summary>The device as of its last committed batch.</summary>
    public DeviceSnapshot Current => Volatile.Read(ref _current);

    /// <summary>Results of tracked SET and INSTCMD requests (shared by all devices of the store).</summary>
    public TrackingRegistry Tracking => _store.Tracking;

    // ---------------------------------------------------------------- driver side

    /// <summary>
    /// Opens a batch. Apply the changes, then dispose it (on the same thread, with no await in
    /// between) to publish them all at once. Batches of one device run one at a time.
    /// </summary>
    public DeviceUpdate BeginUpdate()
    {
        _writeLock.Enter();
        _update.Open();
        return _update;
    }

    internal void Commit(DeviceUpdate update)
    {
        try
        {
            if (update.WasHeard) Volatile.Write(ref _lastHeard, _store.Time.GetTimestamp());
            if (!update.Changed)
            {
                update.ResetMarks();
                return;
            }
            Volatile.Write(ref _current, update.Publish(_current));
        }
        finally
        {
            _writeLock.Exit();
        }
        _store.NotifyChanged();
    }

    /// <summary>A driver reports the outcome of a tracked SET or INSTCMD.</summary>
    public void CompleteTracking(string id, int status) => _store.Tracking.Complete(id, status);

    // ---------------------------------------------------------------- readers

    /// <summary>
    /// upsd's check before a request reads or changes data, on <paramref name="snapshot"/> and the
    /// time now: no driver, the driver's own DATASTALE after its dump, or silence longer than MAXAGE.
    /// </summary>
    public Availability Availability(DeviceSnapshot snapshot)
    {
        if (!snapshot.Connected) return Devices.Availability.NotConnected;
        if (snapshot.DumpDone && !snapshot.DataOk) return Devices.Availability.Stale;
        if (IsSilent(_store.Time.GetTimestamp())) return Devices.Availability.Stale;
        return Devices.Availability.Available;
    }

    /// <summary>When the driver was last heard from (a <see cref="TimeProvider.GetTimestamp"/> value of the store's clock).</summary>
    public long LastHeard => Volatile.Read(ref _lastHeard);

    /// <summary>How long the driver has been silent.</summary>
    public TimeSpan SilentFor => _store.Time.GetElapsedTime(LastHeard);

    private bool IsSilent(long now) => now - Volatile.Read(ref _lastHeard) > _maxAgeSeconds * _store.Time.TimestampFrequency;

    /// <summary>The store's once-a-second MAXAGE watch, so that front-ends following the feed learn when a driver went silent.</summary>
    internal void CheckSilence()
    {
        var current = Current;
        bool silent = current.Connected && IsSilent(_store.Time.GetTimestamp());
        if (silent == current.Silent) return;
        using var update = BeginUpdate();
        // Looked at again under the lock: the driver may have been heard in between.
        update.SetSilent(current.Connected && IsSilent(_store.Time.GetTimestamp()));
    }

    /// <summary>Sets the FSD latch (upsd's FSD command; even while the driver is away).</summary>
    public void SetFsd()
    {
        if (Current.Fsd) return;
        using var update = BeginUpdate();
        update.SetFsd();
    }

    // ---------------------------------------------------------------- logged-in clients

    public int NumLogins
    {
        get { lock (_loginLock) return _logins.Count; }
    }

    /// <summary>Records a LOGIN; the list stays newest connection first, as upsd lists clients.</summary>
    public void AddLogin(long connection, string address)
    {
        lock (_loginLock)
        {
            int i = 0;
            while (i < _logins.Count && _logins[i].Connection > connection) i++;
            _logins.Insert(i, (connection, address));
        }
    }

    public void RemoveLogin(long connection)
    {
        lock (_loginLock)
        {
            int i = _logins.FindIndex(l => l.Connection == connection);
            if (i >= 0) _logins.RemoveAt(i);
        }
    }

    /// <summary>The addresses of the connections logged into this device, newest first.</summary>
    public string[] LoginAddresses()
    {
        lock (_loginLock) return [.. _logins.Select(l => l.Address)];
    }
}
