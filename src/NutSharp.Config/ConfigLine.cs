namespace NutSharp.Config;

/// <summary>One logical line of a NUT config file: its words and the physical line it started on.</summary>
internal readonly record struct ConfigLine(string[] Words, int Number)
{
    public int Count => Words.Length;

    public string this[int index] => Words[index];

    /// <summary>True for <c>[name]</c>: a first word that starts with '[' and ends with ']'.</summary>
    public bool IsSectionHeader =>
        Words[0].Length >= 2 && Words[0][0] == '[' && Words[0][^1] == ']';

    public string SectionName => Words[0][1..^1];
}
