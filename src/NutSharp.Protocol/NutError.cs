namespace NutSharp.Protocol;

/// <summary>The closed list of error names upsd can send (server/neterr.h), in one place.</summary>
public enum NutError : byte
{
    AccessDenied,
    UnknownUps,
    VarNotSupported,
    CmdNotSupported,
    InvalidArgument,
    InstcmdFailed,
    SetFailed,
    Readonly,
    TooLong,
    FeatureNotSupported,
    FeatureNotConfigured,
    AlreadySslMode,
    DriverNotConnected,
    DataStale,
    AlreadyLoggedIn,
    InvalidPassword,
    AlreadySetPassword,
    InvalidUsername,
    AlreadySetUsername,
    UsernameRequired,
    PasswordRequired,
    UnknownCommand,
    InvalidValue,
    /// <summary>Only as a tracking result.</summary>
    Unknown,
    /// <summary>Only as a tracking result.</summary>
    Failed,
}

public static class NutErrors
{
    private static readonly byte[][] Lines = Build();

    /// <summary>The full reply line, <c>ERR NAME\n</c>.</summary>
    public static ReadOnlySpan<byte> Line(NutError error) => Lines[(int)error];

    public static string Name(NutError error) => error switch
    {
        NutError.AccessDenied => "ACCESS-DENIED",
        NutError.UnknownUps => "UNKNOWN-UPS",
        NutError.VarNotSupported => "VAR-NOT-SUPPORTED",
        NutError.CmdNotSupported => "CMD-NOT-SUPPORTED",
        NutError.InvalidArgument => "INVALID-ARGUMENT",
        NutError.InstcmdFailed => "INSTCMD-FAILED",
        NutError.SetFailed => "SET-FAILED",
        NutError.Readonly => "READONLY",
        NutError.TooLong => "TOO-LONG",
        NutError.FeatureNotSupported => "FEATURE-NOT-SUPPORTED",
        NutError.FeatureNotConfigured => "FEATURE-NOT-CONFIGURED",
        NutError.AlreadySslMode => "ALREADY-SSL-MODE",
        NutError.DriverNotConnected => "DRIVER-NOT-CONNECTED",
        NutError.DataStale => "DATA-STALE",
        NutError.AlreadyLoggedIn => "ALREADY-LOGGED-IN",
        NutError.InvalidPassword => "INVALID-PASSWORD",
        NutError.AlreadySetPassword => "ALREADY-SET-PASSWORD",
        NutError.InvalidUsername => "INVALID-USERNAME",
        NutError.AlreadySetUsername => "ALREADY-SET-USERNAME",
        NutError.UsernameRequired => "USERNAME-REQUIRED",
        NutError.PasswordRequired => "PASSWORD-REQUIRED",
        NutError.UnknownCommand => "UNKNOWN-COMMAND",
        NutError.InvalidValue => "INVALID-VALUE",
        NutError.Unknown => "UNKNOWN",
        NutError.Failed => "FAILED",
        _ => throw new ArgumentOutOfRangeException(nameof(error)),
    };

    private static byte[][] Build()
    {
        var values = Enum.GetValues<NutError>();
        var lines = new byte[values.Length][];
        foreach (var e in values) lines[(int)e] = System.Text.Encoding.ASCII.GetBytes("ERR " + Name(e) + "\n");
        return lines;
    }
}
