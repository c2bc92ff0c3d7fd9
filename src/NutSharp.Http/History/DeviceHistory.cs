namespace NutSharp.Http.History;

/// <summary>
/// The recent history of one device: a ring buffer of at most <see cref="Capacity"/> samples, the
/// oldest dropped first. At most one sample per <see cref="Resolution"/>: changes within one
/// interval update that interval's sample (it keeps the time the interval started and shows the
/// latest figures), so a device that changes every second costs no more than the resolution allows,
/// and one that does not change costs nothing. The array grows as samples come, up to the capacity,
/// so a short-lived device does not hold a day's worth of memory.
/// </summary>
public sealed class DeviceHistory
{
    private const int InitialLength = 64;

    private readonly Lock _lock = new();
    private readonly long _resolutionMilliseconds;
    private HistorySample[] _buffer;
    private int _start;
    private int _count;

    public DeviceHistory(string deviceName, int capacity, TimeSpan resolution)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(resolution, TimeSpan.Zero);
        DeviceName = deviceName;
        Capacity = capacity;
        Resolution = resolution;
        _resolutionMilliseconds = (long)resolution.TotalMilliseconds;
        _buffer = new HistorySample[Math.Min(capacity, InitialLength)];
    }

    public string DeviceName { get; }

    /// <summary>The most samples kept.</summary>
    public int Capacity { get; }

    /// <summary>The shortest time between two samples.</summary>
    public TimeSpan Resolution { get; }

    public int Count
    {
        get { lock (_lock) return _count; }
    }

    /// <summary>
    /// Records what the device shows now. Within the resolution of the last sample, that sample
    /// takes the new figures; a sample that changes nothing is not recorded.
    /// </summary>
    public void Record(in HistorySample sample)
    {
        lock (_lock)
        {
            if (_count > 0)
            {
                ref var last = ref _buffer[(_start + _count - 1) % _buffer.Length];
                if (last.SameFigures(sample)) return;
                if (sample.UnixMilliseconds - last.UnixMilliseconds < _resolutionMilliseconds)
                {
                    last = new HistorySample(last.UnixMilliseconds, sample.Values);
                    return;
                }
            }
            if (_count == _buffer.Length && _buffer.Length < Capacity) Grow();
            if (_count == _buffer.Length)
            {
                _buffer[_start] = sample; // full: the oldest goes
                _start = (_start + 1) % _buffer.Length;
            }
            else
            {
                _buffer[(_start + _count) % _buffer.Length] = sample;
                _count++;
            }
        }
    }

    /// <summary>The samples, oldest first (a copy: the recorder carries on meanwhile).</summary>
    public HistorySample[] Samples()
    {
        lock (_lock)
        {
            var copy = new HistorySample[_count];
            for (int i = 0; i < _count; i++) copy[i] = _buffer[(_start + i) % _buffer.Length];
            return copy;
        }
    }

    private void Grow()
    {
        var bigger = new HistorySample[(int)Math.Min((long)_buffer.Length * 2, Capacity)];
        for (int i = 0; i < _count; i++) bigger[i] = _buffer[(_start + i) % _buffer.Length];
        _buffer = bigger;
        _start = 0;
    }
}
