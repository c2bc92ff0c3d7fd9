using NutSharp.Config;

namespace NutSharp.Server;

/// <summary>What the protocol layer needs from configuration; replaced as a whole on reload.</summary>
public sealed class ServerOptions
{
    public UpsdUsers Users { get; init; } = new();
    public CmdVarTab Descriptions { get; init; } = CmdVarTab.Empty;

    /// <summary>Maximum simultaneous client connections; null for no limit beyond the system's.</summary>
    public int? MaxConnections { get; init; }

    /// <summary>Seconds without a complete request line before a client is dropped (upsd: fixed 60).</summary>
    public int IdleTimeoutSeconds { get; init; } = 60;
}
