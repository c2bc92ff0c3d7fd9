using NutSharp.Protocol;

namespace NutSharp.Server.Commands;

// STARTTLS (upsd's netssl.c, net_starttls).
public sealed partial class CommandProcessor
{
    /// <summary>
    /// upsd 2.8.0's checks, in its order: a connection already in TLS gets ALREADY-SSL-MODE, a server
    /// without a certificate FEATURE-NOT-CONFIGURED (what stock clients take as "go on in plain
    /// text"); otherwise <c>OK STARTTLS</c> goes out in plain text and the connection switches to TLS
    /// once it has been sent. Arguments are ignored, as upsd ignores them.
    /// </summary>
    private void StartTls(Session session, OutputBuffer output)
    {
        if (session.IsTls) { output.Error(NutError.AlreadySslMode); return; }
        if (Options.Tls is null) { output.Error(NutError.FeatureNotConfigured); return; }
        output.Append("OK STARTTLS\n"u8);
        session.StartTlsRequested = true;
    }
}
