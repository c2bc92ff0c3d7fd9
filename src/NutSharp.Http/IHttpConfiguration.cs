using NutSharp.Config;

namespace NutSharp.Http;

/// <summary>
/// What the HTTP front-end reads from the server's configuration, as it stands now: the host
/// replaces it on every reload (SIGHUP), so users, rights and descriptions follow upsd.users and
/// cmdvartab as the NUT server's do. The listen addresses and TLS files are read at start-up only,
/// as upsd reads LISTEN only at start-up.
/// </summary>
public interface IHttpConfiguration
{
    /// <summary>upsd.users: who may log in over HTTP Basic, with which actions and instant commands.</summary>
    UpsdUsers Users { get; }

    /// <summary>cmdvartab: variable and command descriptions (GET DESC, GET CMDDESC).</summary>
    CmdVarTab Descriptions { get; }

    /// <summary>nutsharp.toml's <c>[http]</c> as of the last (re)load.</summary>
    HttpSettings Http { get; }
}
