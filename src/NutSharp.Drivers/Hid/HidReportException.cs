namespace NutSharp.Drivers.Hid;

/// <summary>A report descriptor that cannot be parsed, or a report that does not fit its description.</summary>
public sealed class HidReportException(string message) : Exception(message);
