namespace NutSharp.Devices;

/// <summary>
/// Tracking ids for SET VAR and INSTCMD (protocol 1.3): drawn per tracked attempt, registered as
/// PENDING when the request reaches a driver, completed by the driver, forgotten after
/// TRACKINGDELAY seconds. Ids are global and matched case-insensitively.
/// </summary>
public sealed class TrackingRegistry
{
    private readonly object _lock = new();
    private readonly GlibcRandom _random = new();
    private readonly Dictionary<string, (int Status, long Created)> _entries = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Seconds a result is kept (upsd's TRACKINGDELAY, default 3600).</summary>
    public int DelaySeconds { get; set; } = 3600;

    /// <summary>A new id in upsd's format: UUIDv4-style, upper-case hex, each byte the sum of two rand() bytes.</summary>
    public string NewId()
    {
        Span<byte> b = stackalloc byte[16];
        lock (_lock)
        {
            for (int i = 0; i < 16; i++) b[i] = unchecked((byte)((byte)_random.Next() + (byte)_random.Next()));
        }
        b[6] = (byte)((b[6] & 0x0F) | 0x40);
        b[8] = (byte)((b[8] & 0x3F) | 0x80);
        return string.Create(36, b.ToArray(), static (dst, bytes) =>
        {
            const string hex = "0123456789ABCDEF";
            int p = 0;
            for (int i = 0; i < 16; i++)
            {
                if (i is 4 or 6 or 8 or 10) dst[p++] = '-';
                dst[p++] = hex[bytes[i] >> 4];
                dst[p++] = hex[bytes[i] & 0xF];
            }
        });
    }

    public void Register(string id)
    {
        lock (_lock)
        {
            Expire();
            _entries[id] = (TrackingStatus.Pending, Environment.TickCount64);
        }
    }

    public void Complete(string id, int status)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(id, out var e)) _entries[id] = (status, e.Created);
        }
    }

    /// <summary>The stored status, or null for an unknown (or expired) id.</summary>
    public int? Get(string id)
    {
        lock (_lock)
        {
            Expire();
            return _entries.TryGetValue(id, out var e) ? e.Status : null;
        }
    }

    private void Expire()
    {
        long cutoff = Environment.TickCount64 - DelaySeconds * 1000L;
        if (_entries.Count == 0) return;
        List<string>? old = null;
        foreach (var (id, e) in _entries)
            if (e.Created < cutoff) (old ??= []).Add(id);
        if (old is not null) foreach (var id in old) _entries.Remove(id);
    }
}
