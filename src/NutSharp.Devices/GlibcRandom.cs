namespace NutSharp.Devices;

/// <summary>
/// glibc's <c>rand()</c> (the TYPE_3 additive feedback generator) seeded as an unseeded process is,
/// with 1. upsd draws its tracking ids from it without seeding, so a freshly started upsd hands out
/// a fixed sequence of ids; reproducing it lets the same transcript replay against both servers.
/// </summary>
public sealed class GlibcRandom
{
    public GlibcRandom(uint seed = 1)
    {
        var r = new int[34];
        r[0] = (int)seed;
        for (int i = 1; i < 31; i++)
        {
            long hi = r[i - 1] / 127773, lo = r[i - 1] % 127773;
            long word = 16807 * lo - 2836 * hi;
            if (word < 0) word += 2147483647;
            r[i] = (int)word;
        }
        for (int i = 31; i < 34; i++) r[i] = r[i - 31];
        // Keep a window of the last 34 values; discard the first 310 outputs as glibc does.
        _history = new int[34];
        Array.Copy(r, _history, 34);
        _index = 34;
        for (int i = 0; i < 310; i++) NextRaw();
    }

    private readonly int[] _history; // ring buffer of the last 34 raw values
    private int _index;

    private int NextRaw()
    {
        int value = unchecked(_history[(_index - 31) % 34] + _history[(_index - 3) % 34]);
        _history[_index % 34] = value;
        _index++;
        return value;
    }

    /// <summary>The next value of <c>rand()</c>, 0..2^31-1.</summary>
    public int Next() => (int)((uint)NextRaw() >> 1);
}
