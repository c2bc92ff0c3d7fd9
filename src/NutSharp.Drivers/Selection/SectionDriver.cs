namespace NutSharp.Drivers.Selection;

/// <summary>What <see cref="DriverSelection"/> needs to know about one ups.conf section.</summary>
/// <param name="Name">The section name.</param>
/// <param name="Driver">Its <c>driver =</c> value.</param>
/// <param name="HasBuiltIn">NutSharp has a built-in driver able to serve this section.</param>
/// <param name="NutHasDriver">NUT has a driver program of that name (<see cref="NutDrivers"/>).</param>
/// <param name="DriverLabel">How messages name the driver when it is not just <paramref name="Driver"/>, e.g. "dummy-ups in repeater mode".</param>
public sealed record SectionDriver(string Name, string Driver, bool HasBuiltIn, bool NutHasDriver, string? DriverLabel = null)
{
    public string DescribeDriver => DriverLabel ?? Driver;
}
