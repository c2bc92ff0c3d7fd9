namespace NutSharp.Integration.Tests.ConfigCorpus;

/// <summary>
/// The one-line <c>expect</c> file of a corpus case: what upsd 2.8.0 does with the configuration
/// (found by running it), which NutSharp must do too.
/// <list type="bullet">
/// <item><c>serves</c>, or <c>serves; warns FILE:LINE ...</c>: both serve; NutSharp warns about
/// exactly those places (upsd skips the lines, often silently).</item>
/// <item><c>refuses</c>, or <c>refuses FILE[:LINE]</c>: both exit; NutSharp's message names that place.</item>
/// </list>
/// </summary>
public sealed record ConfigCorpusExpectation(bool Serves, IReadOnlySet<string> Warnings, string? RefusalPlace)
{
    public static ConfigCorpusExpectation Parse(string line)
    {
        line = line.Trim();
        if (line == "serves") return new(true, new HashSet<string>(), null);
        const string servesWithWarnings = "serves; warns ";
        if (line.StartsWith(servesWithWarnings, StringComparison.Ordinal))
            return new(true, line[servesWithWarnings.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(), null);
        if (line == "refuses") return new(false, new HashSet<string>(), null);
        const string refusesAt = "refuses ";
        if (line.StartsWith(refusesAt, StringComparison.Ordinal))
            return new(false, new HashSet<string>(), line[refusesAt.Length..].Trim());
        throw new FormatException($"not a corpus expectation: '{line}'");
    }

    public override string ToString() =>
        Serves ? (Warnings.Count == 0 ? "serves" : "serves; warns " + string.Join(' ', Warnings.Order(StringComparer.Ordinal)))
            : RefusalPlace is null ? "refuses" : "refuses " + RefusalPlace;
}
