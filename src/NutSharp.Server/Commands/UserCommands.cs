using NutSharp.Protocol;

namespace NutSharp.Server.Commands;

// USERNAME, PASSWORD, LOGIN, LOGOUT, PRIMARY/MASTER, FSD (upsd's netuser.c and netmisc.c).
public sealed partial class CommandProcessor
{
    private static void Username(Session session, Args args, OutputBuffer output)
    {
        if (args.Count != 1) { output.Error(NutError.InvalidArgument); return; }
        if (session.Username is not null) { output.Error(NutError.AlreadySetUsername); return; }
        session.Username = args.String(0);
        output.Append("OK\n"u8);
    }

    /// <summary>Always OK when well-formed: the password is only checked when an action needs it.</summary>
    private static void Password(Session session, Args args, OutputBuffer output)
    {
        if (args.Count != 1) { output.Error(NutError.InvalidArgument); return; }
        if (session.Password is not null) { output.Error(NutError.AlreadySetPassword); return; }
        session.Password = args.String(0);
        output.Append("OK\n"u8);
    }

    private void Login(Session session, Args args, OutputBuffer output)
    {
        if (args.Count != 1) { output.Error(NutError.InvalidArgument); return; }
        if (session.LoggedInto is not null) { output.Error(NutError.AlreadyLoggedIn); return; }
        if (Devices.Find(args[0]) is not { } device) { output.Error(NutError.UnknownUps); return; }
        if (!Access.HasAction(Options, session, "LOGIN")) { output.Error(NutError.AccessDenied); return; }
        session.LoggedInto = device;
        device.AddLogin(session.Id, session.Address);
        output.Append("OK\n"u8);
    }

    private static void Logout(Session session, Args args, OutputBuffer output)
    {
        if (args.Count != 0) { output.Error(NutError.InvalidArgument); return; }
        session.CloseRequested = true;
        output.Append("OK Goodbye\n"u8);
    }

    /// <summary>PRIMARY and MASTER: only a permission check, nothing is stored.</summary>
    private void Primary(Session session, Args args, OutputBuffer output, ReadOnlySpan<byte> granted)
    {
        if (args.Count != 1) { output.Error(NutError.InvalidArgument); return; }
        if (Devices.Find(args[0]) is null) { output.Error(NutError.UnknownUps); return; }
        if (!Access.HasAction(Options, session, "PRIMARY") && !Access.HasAction(Options, session, "MASTER"))
        {
            output.Error(NutError.AccessDenied);
            return;
        }
        output.Append(granted);
    }

    /// <summary>Sets the device's FSD latch, even while its driver is away.</summary>
    private void Fsd(Session session, Args args, OutputBuffer output)
    {
        if (args.Count != 1) { output.Error(NutError.InvalidArgument); return; }
        if (Devices.Find(args[0]) is not { } device) { output.Error(NutError.UnknownUps); return; }
        if (!Access.HasAction(Options, session, "FSD")) { output.Error(NutError.AccessDenied); return; }
        device.SetFsd();
        output.Append("OK FSD-SET\n"u8);
    }
}
