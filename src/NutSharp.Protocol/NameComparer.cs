namespace NutSharp.Protocol;

/// <summary>
/// upsd's <c>strcasecmp</c> order: bytes compared after lower-casing, so <c>.</c> &lt; <c>_</c> &lt; letters
/// (<see cref="StringComparer.OrdinalIgnoreCase"/> upper-cases and would put <c>_</c> after letters).
/// </summary>
public sealed class NameComparer : IComparer<string>, IEqualityComparer<string>
{
    public static readonly NameComparer Instance = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        int n = Math.Min(x.Length, y.Length);
        for (int i = 0; i < n; i++)
        {
            int a = Lower(x[i]), b = Lower(y[i]);
            if (a != b) return a - b;
        }
        return x.Length - y.Length;
    }

    public bool Equals(string? x, string? y) => Compare(x, y) == 0;

    public int GetHashCode(string obj)
    {
        var h = new HashCode();
        foreach (var c in obj) h.Add(Lower(c));
        return h.ToHashCode();
    }

    public static bool EqualsIgnoreCase(ReadOnlySpan<byte> a, string b)
    {
        if (a.Length != b.Length) return false;
        for (int i = 0; i < a.Length; i++)
            if (Lower((char)a[i]) != Lower(b[i])) return false;
        return true;
    }

    public static bool EqualsIgnoreCase(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (a.Length != b.Length) return false;
        for (int i = 0; i < a.Length; i++)
            if (Lower((char)a[i]) != Lower((char)b[i])) return false;
        return true;
    }

    /// <summary>strcasecmp of a wire word against a stored name.</summary>
    public static int Compare(ReadOnlySpan<byte> a, string b)
    {
        int n = Math.Min(a.Length, b.Length);
        for (int i = 0; i < n; i++)
        {
            int x = Lower((char)a[i]), y = Lower(b[i]);
            if (x != y) return x - y;
        }
        return a.Length - b.Length;
    }

    /// <summary>Binary search of a wire word in a list sorted with this comparer; -1 when absent.</summary>
    public static int BinarySearch(IList<string> sorted, ReadOnlySpan<byte> name)
    {
        int lo = 0, hi = sorted.Count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            int c = Compare(name, sorted[mid]);
            if (c == 0) return mid;
            if (c < 0) hi = mid - 1; else lo = mid + 1;
        }
        return -1;
    }

    private static int Lower(char c) => c is >= 'A' and <= 'Z' ? c + 32 : c;
}
