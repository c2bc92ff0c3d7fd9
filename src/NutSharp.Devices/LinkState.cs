namespace NutSharp.Devices;

/// <summary>How a device's driver link looks to a reader, in upsd's terms.</summary>
public enum LinkState : byte
{
    /// <summary>No driver: upsd answers DRIVER-NOT-CONNECTED.</summary>
    NotConnected,

    /// <summary>
    /// The driver has (re)connected and its dump is not complete: ups.status reads WAIT, there are
    /// no commands, and the data does not count as stale.
    /// </summary>
    Waiting,

    /// <summary>Data flowing.</summary>
    Online,

    /// <summary>The driver said DATASTALE, or has been silent longer than MAXAGE: upsd answers DATA-STALE.</summary>
    Stale,
}

/// <summary>upsd's availability check for a request that reads or changes device data.</summary>
public enum Availability : byte
{
    Available,
    NotConnected,
    Stale,
}
