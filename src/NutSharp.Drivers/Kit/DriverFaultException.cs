namespace NutSharp.Drivers;

/// <summary>
/// An expected failure of what a driver reads (a file missing, a device unplugged, a meter
/// silent): the driver kit reports it once, shows the device stale or not connected, and tries
/// again. Any other exception is a bug: the driver is restarted from scratch.
/// </summary>
public sealed class DriverFaultException(string message, Exception? inner = null) : Exception(message, inner);
