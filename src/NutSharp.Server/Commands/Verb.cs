using NutSharp.Protocol;

namespace NutSharp.Server.Commands;

/// <summary>The command table (upsd's netcmds.h): every first word upsd knows.</summary>
public enum Verb : byte
{
    Unknown,
    Ver,
    NetVer,
    ProtVer,
    Help,
    StartTls,
    Get,
    List,
    Username,
    Password,
    Login,
    Logout,
    Primary,
    Master,
    Fsd,
    Set,
    InstCmd,
}

public static class Verbs
{
    /// <summary>Case-insensitive match of the first word, switched on length first so most lines compare once.</summary>
    public static Verb Identify(ReadOnlySpan<byte> word) => word.Length switch
    {
        3 when Is(word, "GET"u8) => Verb.Get,
        3 when Is(word, "SET"u8) => Verb.Set,
        3 when Is(word, "VER"u8) => Verb.Ver,
        3 when Is(word, "FSD"u8) => Verb.Fsd,
        4 when Is(word, "LIST"u8) => Verb.List,
        4 when Is(word, "HELP"u8) => Verb.Help,
        5 when Is(word, "LOGIN"u8) => Verb.Login,
        6 when Is(word, "NETVER"u8) => Verb.NetVer,
        6 when Is(word, "LOGOUT"u8) => Verb.Logout,
        6 when Is(word, "MASTER"u8) => Verb.Master,
        7 when Is(word, "PROTVER"u8) => Verb.ProtVer,
        7 when Is(word, "PRIMARY"u8) => Verb.Primary,
        7 when Is(word, "INSTCMD"u8) => Verb.InstCmd,
        8 when Is(word, "STARTTLS"u8) => Verb.StartTls,
        8 when Is(word, "USERNAME"u8) => Verb.Username,
        8 when Is(word, "PASSWORD"u8) => Verb.Password,
        _ => Verb.Unknown,
    };

    /// <summary>Commands upsd flags FLAG_USER: USERNAME and PASSWORD must have been sent first.</summary>
    public static bool NeedsCredentials(Verb verb) => verb is Verb.Login or Verb.Primary or Verb.Master or Verb.Fsd or Verb.Set or Verb.InstCmd;

    public static bool Is(ReadOnlySpan<byte> word, ReadOnlySpan<byte> upperToken) => NameComparer.EqualsIgnoreCase(word, upperToken);
}
