namespace NutSharp.Testing;

/// <summary>
/// What a transcript case can make the scripted <c>fake</c> driver do (protocol.md section 16).
/// The driver keeps listening on its socket throughout; only the current upsd connection is affected.
/// </summary>
public interface ISpecFakeDriver
{
    /// <summary>Sends <c>DATASTALE</c> on the current connection.</summary>
    void SendDataStale();

    /// <summary>Sends <c>DATAOK</c> on the current connection.</summary>
    void SendDataOk();

    /// <summary>Closes the current server connection; the server is expected to reconnect and send DUMPALL.</summary>
    void CloseConnection();

    /// <summary>The next DUMPALL is not answered until <see cref="ReleaseDump"/>.</summary>
    void DelayNextDump();

    /// <summary>Answers a DUMPALL held back by <see cref="DelayNextDump"/> (no-op if none is pending).</summary>
    void ReleaseDump();

    /// <summary>Sends one raw line (a newline is appended) on the current connection.</summary>
    void SendLine(string line);
}
