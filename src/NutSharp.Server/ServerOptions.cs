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

    /// <summary>The server's certificate and TLS policy from CERTFILE; null when none is configured (STARTTLS: ERR FEATURE-NOT-CONFIGURED).</summary>
    public Tls.TlsSettings? Tls { get; init; }

    /// <summary>
    /// Most bytes of replies the server holds, all connections together, for clients that do not
    /// read them; past it the connections holding the most are closed. Null: the server's default
    /// (<see cref="OutputBudget.DefaultBytes"/>, or NUTSHARP_OUTPUT_BUDGET_MB). 0 closes a client as
    /// soon as a reply does not fit in its socket, as upsd 2.8.0 does when a write falls short.
    /// </summary>
    public long? OutputBudgetBytes { get; init; }

    /// <summary>The environment variable that sets the output budget in megabytes (it overrides nutsharp.toml).</summary>
    public const string OutputBudgetVariable = "NUTSHARP_OUTPUT_BUDGET_MB";
}
