namespace NutSharp.Drivers;

/// <summary>A SET VAR or INSTCMD on its way to a driver, already checked by the front-end.</summary>
/// <param name="Name">The variable or command, as the client typed it.</param>
/// <param name="Argument">The new value (SET) or the command's parameter (INSTCMD, may be null).</param>
public sealed record DriverRequest(DriverRequestKind Kind, string Name, string? Argument, string? TrackingId);

public enum DriverRequestKind : byte
{
    SetVariable,
    InstantCommand,
}
