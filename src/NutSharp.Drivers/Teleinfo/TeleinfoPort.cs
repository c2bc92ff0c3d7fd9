using System.IO.Ports;
using NutSharp.Drivers.Interop;

namespace NutSharp.Drivers.Teleinfo;

/// <summary>
/// Opens a Teleinfo adapter's serial port with System.IO.Ports: 7E1 (hardware.md §2.1), raw, no flow
/// control, at the mode's speed. Never writes to it: a meter only talks.
/// </summary>
/// <remarks>
/// <para>System.IO.Ports on Linux explains failures badly (a missing port is "Access to the port is
/// denied", a port it will not reopen is an ArgumentException, a first failure can read "Unknown
/// error 203"), so the port is first opened directly once to learn the real reason: missing
/// (unplugged), permission (naming the group to join, usually dialout) or busy.</para>
/// <para>A pseudo-terminal (and some adapters) cannot do 7 data bits with parity; System.IO.Ports
/// then refuses to open the port with 7E1 again once it has been opened (the line stays 8N1). The
/// port is then opened 8N1: the parity bit arrives in bit 7, which the parser clears, and the
/// checksums still catch what the parity would have.</para>
/// </remarks>
public static class TeleinfoPort
{
    /// <summary>Opens <paramref name="path"/> at <paramref name="mode"/>'s speed; throws a <see cref="DriverFaultException"/> saying why it cannot.</summary>
    public static SerialPort Open(string path, TeleinfoMode mode)
    {
        if (OperatingSystem.IsLinux()) CheckOpenable(path);
        var port = Create(path, mode, sevenBits: true);
        try
        {
            port.Open();
        }
        catch (ArgumentException)
        {
            port.Dispose();
            port = Create(path, mode, sevenBits: false);
            OpenOrExplain(port, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            port.Dispose();
            throw new DriverFaultException($"cannot open {path}: {e.Message}", e);
        }
        port.DiscardInBuffer();
        return port;
    }

    private static SerialPort Create(string path, TeleinfoMode mode, bool sevenBits) =>
        new(path, mode.BaudRate(), sevenBits ? Parity.Even : Parity.None, sevenBits ? 7 : 8, StopBits.One)
        {
            Handshake = Handshake.None,
            ReadTimeout = SerialPort.InfiniteTimeout,
        };

    private static void OpenOrExplain(SerialPort port, string path)
    {
        try
        {
            port.Open();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
        {
            port.Dispose();
            throw new DriverFaultException($"cannot open {path}: {e.Message}", e);
        }
    }

    /// <summary>Opens and closes the node directly to turn errno into a sentence a user can act on.</summary>
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private static void CheckOpenable(string path)
    {
        int fd;
        try
        {
            fd = FileDescriptors.Open(path, FileDescriptors.O_RDWR | FileDescriptors.O_NOCTTY | FileDescriptors.O_NONBLOCK);
        }
        catch (LinuxException e)
        {
            throw new DriverFaultException(e.Errno switch
            {
                Errno.ENOENT or Errno.ENODEV or Errno.ENXIO => $"{path} does not exist (adapter unplugged?)",
                Errno.EACCES => PermissionDenied(path),
                Errno.EBUSY => $"{path} is in use by another program",
                _ => $"cannot open {path}: {e.Message}",
            }, e);
        }
        FileDescriptors.Close(fd);
    }

    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private static string PermissionDenied(string path)
    {
        string group = FileStatus.GroupName(path) ?? "dialout";
        return $"permission denied on {path}: add the user the server runs as to group {group} (e.g. adduser nut {group}), then restart the server";
    }
}
