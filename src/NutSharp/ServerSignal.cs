using System.Globalization;
using System.Runtime.InteropServices;

namespace NutSharp.Host;

/// <summary>upsd's <c>-c reload|stop</c>: SIGHUP or SIGTERM to the PID from <c>-P</c> or from upsd.pid.</summary>
internal static class ServerSignal
{
    public static int Send(ServeOptions options, string command)
    {
        int pid;
        string source;
        if (options.Pid is int given)
        {
            pid = given;
            source = "-P";
        }
        else
        {
            source = PidFile.PathFor(options);
            if (!PidFile.TryRead(source, out pid, out var problem))
            {
                Console.Error.WriteLine($"nutsharp: cannot read a PID from {source}: {problem}");
                return 1;
            }
        }

        // Run as root, kill(-1, SIGTERM) would end every process on the machine and kill(0, ...)
        // this command's own process group: a damaged PID file or a slip on -P must not do that.
        if (pid < PidFile.LowestServerPid)
        {
            Console.Error.WriteLine($"nutsharp: refusing to signal PID {pid.ToString(CultureInfo.InvariantCulture)} (from {source}): "
                + "a server's PID is 2 or more (0 would signal this command's process group, -1 every process, 1 init)");
            return 1;
        }

        int signal = command == "reload" ? Interop.Signals.SIGHUP : Interop.Signals.SIGTERM;
        if (Interop.Signals.Kill(pid, signal) != 0)
        {
            Console.Error.WriteLine($"nutsharp: cannot signal process {pid.ToString(CultureInfo.InvariantCulture)}: {Marshal.GetLastPInvokeErrorMessage()}");
            return 1;
        }
        return 0;
    }
}
