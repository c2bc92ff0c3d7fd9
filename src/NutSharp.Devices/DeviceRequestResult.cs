namespace NutSharp.Devices;

/// <summary>Whether a SET or INSTCMD could be handed to the driver (upsd only knows "written" or not).</summary>
public enum DeviceRequestResult : byte
{
    Accepted,
    Failed,
}

/// <summary>Outcome of a tracked request as a driver reports it (the numbers drivers send in <c>TRACKING id n</c>).</summary>
public static class TrackingStatus
{
    public const int Pending = -1;
    public const int Success = 0;
    public const int Unknown = 1;
    public const int InvalidArgument = 2;
    public const int Failed = 3;
}
