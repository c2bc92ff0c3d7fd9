using System.Text;
using NutSharp.Devices;
using NutSharp.Protocol;

namespace NutSharp.Server.Commands;

/// <summary>
/// Runs one request line (already split into words) and writes its reply. No I/O: the caller owns
/// the socket. The checks run in upsd 2.8.0's order, so every error path answers what upsd answers.
/// </summary>
public sealed partial class CommandProcessor(DeviceStore devices, Func<ServerOptions> options)
{
    public const string VersionText = "Network UPS Tools upsd 2.8.0 - http://www.networkupstools.org/";
    public const string ServerVersion = "2.8.0";

    private static readonly byte[] VersionLine = Encoding.ASCII.GetBytes(VersionText + "\n");

    public DeviceStore Devices { get; } = devices;

    private ServerOptions Options => options();

    /// <summary>Runs the request; returns its verb (<see cref="Verb.Unknown"/> for an empty or unknown one), which the caller counts.</summary>
    public Verb Execute(Session session, WordParser words, OutputBuffer output)
    {
        if (words.Count == 0) { output.Error(NutError.UnknownCommand); return Verb.Unknown; }
        var verb = Verbs.Identify(words[0]);
        if (verb == Verb.Unknown) { output.Error(NutError.UnknownCommand); return verb; }

        if (Verbs.NeedsCredentials(verb))
        {
            if (session.Username is null) { output.Error(NutError.UsernameRequired); return verb; }
            if (session.Password is null) { output.Error(NutError.PasswordRequired); return verb; }
        }

        var args = new Args(words);
        switch (verb)
        {
            case Verb.Get: Get(session, args, output); break;
            case Verb.List: List(session, args, output); break;
            case Verb.Ver: NoArguments(args, output, VersionLine); break;
            case Verb.NetVer or Verb.ProtVer: NoArguments(args, output, "1.3\n"u8); break;
            case Verb.Help: NoArguments(args, output, "Commands: HELP VER GET LIST SET INSTCMD LOGIN LOGOUT USERNAME PASSWORD STARTTLS\n"u8); break;
            case Verb.StartTls: output.Error(NutError.FeatureNotConfigured); break;
            case Verb.Username: Username(session, args, output); break;
            case Verb.Password: Password(session, args, output); break;
            case Verb.Login: Login(session, args, output); break;
            case Verb.Logout: Logout(session, args, output); break;
            case Verb.Primary: Primary(session, args, output, "OK PRIMARY-GRANTED\n"u8); break;
            case Verb.Master: Primary(session, args, output, "OK MASTER-GRANTED\n"u8); break;
            case Verb.Fsd: Fsd(session, args, output); break;
            case Verb.Set: Set(session, args, output); break;
            case Verb.InstCmd: InstCmd(session, args, output); break;
        }
        return verb;
    }

    private static void NoArguments(Args args, OutputBuffer output, ReadOnlySpan<byte> reply)
    {
        if (args.Count != 0) output.Error(NutError.InvalidArgument);
        else output.Append(reply);
    }

    /// <summary>The words after the verb.</summary>
    private readonly ref struct Args(WordParser words)
    {
        private readonly WordParser _words = words;
        public int Count => _words.Count - 1;
        public ReadOnlySpan<byte> this[int i] => _words[i + 1];
        public string String(int i) => _words.WordString(i + 1);
    }
}
