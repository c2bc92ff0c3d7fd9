namespace NutSharp.Http.History;

/// <summary>
/// One figure the history keeps for every device: the NUT variable it is read from, and how the
/// page labels it. A UPS is charted by charge, load, input voltage and runtime; a meter (the
/// teleinfo driver's <c>device.type = meter</c>) has no battery, so it is charted by power,
/// current, load (its share of the subscribed power) and voltage instead.
/// </summary>
public sealed record HistoryFigure(string Variable, string Label, string Unit)
{
    public static readonly HistoryFigure Charge = new("battery.charge", "Charge", "%");
    public static readonly HistoryFigure Load = new("ups.load", "Load", "%");
    public static readonly HistoryFigure InputVoltage = new("input.voltage", "Input voltage", "V");
    public static readonly HistoryFigure Runtime = new("battery.runtime", "Runtime", "s");
    public static readonly HistoryFigure Power = new("input.power", "Power", "VA");
    public static readonly HistoryFigure Current = new("input.current", "Current", "A");

    /// <summary>How many figures a sample holds (the length of <see cref="All"/>).</summary>
    public const int Count = 6;

    /// <summary>Every figure a sample holds, in the order of <see cref="HistorySample"/>'s values.</summary>
    public static readonly IReadOnlyList<HistoryFigure> All = [Charge, Load, InputVoltage, Runtime, Power, Current];

    /// <summary>The figures the page charts for a UPS.</summary>
    public static readonly IReadOnlyList<HistoryFigure> ForUps = [Charge, Load, InputVoltage, Runtime];

    /// <summary>The figures the page charts for a meter.</summary>
    public static readonly IReadOnlyList<HistoryFigure> ForMeter = [Power, Current, Load, InputVoltage];

    /// <summary>Whether a variable's change can change a sample.</summary>
    public static bool IsTracked(string variable)
    {
        foreach (var figure in All)
            if (string.Equals(figure.Variable, variable, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }
}
