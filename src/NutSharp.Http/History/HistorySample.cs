using System.Globalization;
using System.Runtime.CompilerServices;
using NutSharp.Devices;

namespace NutSharp.Http.History;

/// <summary>The figures a device's history holds for one moment, in <see cref="HistoryFigure.All"/>'s order.</summary>
[InlineArray(HistoryFigure.Count)]
public struct HistoryValues
{
    private float _first;
}

/// <summary>
/// What a device showed at one moment (Unix milliseconds): each figure of
/// <see cref="HistoryFigure.All"/>, NaN where the device had none. A sample taken while the driver
/// was not connected or its data stale is a gap: every figure NaN, so a chart breaks its line there
/// instead of drawing a value nobody measured.
/// </summary>
public readonly struct HistorySample
{
    private readonly HistoryValues _values;

    public HistorySample(long unixMilliseconds, HistoryValues values)
    {
        UnixMilliseconds = unixMilliseconds;
        _values = values;
    }

    public long UnixMilliseconds { get; }

    public float this[int figure] => _values[figure];

    public HistoryValues Values => _values;

    /// <summary>The device's figures in <paramref name="snapshot"/>, or a gap when its data cannot be trusted.</summary>
    public static HistorySample From(long unixMilliseconds, DeviceSnapshot snapshot)
    {
        var values = new HistoryValues();
        bool usable = snapshot.Link == LinkState.Online;
        for (int i = 0; i < HistoryFigure.Count; i++)
            values[i] = usable ? Parse(snapshot[HistoryFigure.All[i].Variable]) : float.NaN;
        return new HistorySample(unixMilliseconds, values);
    }

    /// <summary>True when the two hold the same figures (NaN equal to NaN), whatever their times.</summary>
    public bool SameFigures(in HistorySample other)
    {
        for (int i = 0; i < HistoryFigure.Count; i++)
        {
            float a = _values[i], b = other._values[i];
            if (!(a == b || (float.IsNaN(a) && float.IsNaN(b)))) return false;
        }
        return true;
    }

    private static float Parse(string? value) =>
        value is not null && float.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && float.IsFinite(number)
            ? number
            : float.NaN;
}
