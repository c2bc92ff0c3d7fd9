namespace NutSharp.Drivers.Selection;

/// <summary>Overrides that contradict each other or the configuration: start-up stops (a reload is abandoned).</summary>
public sealed class DriverSelectionException(string message) : Exception(message);
