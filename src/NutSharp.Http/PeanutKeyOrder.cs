using NutSharp.Devices;

namespace NutSharp.Http;

/// <summary>
/// PeaNUT sorts variable names with JavaScript's <c>localeCompare</c> (ICU's root collation), not in
/// NUT's LIST order. For the characters NUT names hold that means: punctuation before digits before
/// letters, '_' before '-' before '.', letters compared ignoring case first, lower case before
/// upper case only to break a tie. NutSharp runs without ICU (invariant globalization), so the
/// order is spelled out here.
/// </summary>
public static class PeanutKeyOrder
{
    public static DeviceVariable[] Sorted(IEnumerable<DeviceVariable> variables)
    {
        var sorted = variables.ToArray();
        Array.Sort(sorted, (a, b) => Compare(a.Name, b.Name));
        return sorted;
    }

    public static int Compare(string a, string b)
    {
        // Primary strength: characters by rank, letters without case.
        int length = Math.Min(a.Length, b.Length);
        for (int i = 0; i < length; i++)
        {
            int c = Rank(a[i]).CompareTo(Rank(b[i]));
            if (c != 0) return c;
        }
        if (a.Length != b.Length) return a.Length.CompareTo(b.Length);
        // Tertiary strength: lower case first.
        for (int i = 0; i < length; i++)
        {
            if (a[i] == b[i]) continue;
            if (char.IsAsciiLetterLower(a[i]) && char.IsAsciiLetterUpper(b[i])) return -1;
            if (char.IsAsciiLetterUpper(a[i]) && char.IsAsciiLetterLower(b[i])) return 1;
        }
        return string.CompareOrdinal(a, b);
    }

    private static int Rank(char c) => c switch
    {
        '_' => 1,
        '-' => 2,
        ',' => 3,
        ';' => 4,
        ':' => 5,
        '!' => 6,
        '?' => 7,
        '.' => 8,
        >= '0' and <= '9' => 100 + (c - '0'),
        >= 'a' and <= 'z' => 200 + (c - 'a'),
        >= 'A' and <= 'Z' => 200 + (c - 'A'),
        _ => 60, // other punctuation and symbols: after these, before digits (rare in NUT names)
    };
}
