using NutSharp.Testing;
using System.Runtime.Versioning;
using System.Text;
using NutSharp.Drivers.Interop;

namespace NutSharp.Tests.Drivers;

/// <summary>The Linux calls drivers make, on a real pseudo-terminal (the far end of a serial line).</summary>
[SupportedOSPlatform("linux")]
public class InteropTests
{
    private static byte[] ReadAvailable(int fd, int expected)
    {
        var received = new List<byte>();
        var buffer = new byte[256];
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (received.Count < expected && DateTime.UtcNow < deadline)
        {
            if (!FileDescriptors.WaitReadable(fd, TimeSpan.FromMilliseconds(200))) continue;
            int n = FileDescriptors.Read(fd, buffer);
            received.AddRange(buffer.AsSpan(0, n).ToArray());
        }
        return [.. received];
    }

    [Test]
    public void Raw_mode_passes_every_byte_of_a_frame_unchanged()
    {
        using var pty = PseudoTerminal.Open();
        int fd = FileDescriptors.Open(pty.DevicePath, FileDescriptors.O_RDWR | FileDescriptors.O_NOCTTY);
        try
        {
            var settings = Termios.Get(fd);
            Termios.MakeRaw(ref settings);
            Termios.SetSpeed(ref settings, Termios.B1200);
            Termios.Set(fd, settings);

            // A Teleinfo frame: STX, a group LF..CR, ETX (Ctrl-C: a signal in a normal terminal), and a high-bit byte.
            byte[] frame = [0x02, 0x0A, .. "PAPP 00750 ."u8, 0x0D, 0x03, 0xFF, 0x7F];
            pty.Write(frame);
            Assert.That(ReadAvailable(fd, frame.Length), Is.EqualTo(frame));
            Assert.That(Termios.Get(fd).InputSpeed, Is.EqualTo(Termios.B1200));
        }
        finally
        {
            FileDescriptors.Close(fd);
        }
    }

    [Test]
    public void Without_raw_mode_the_terminal_rewrites_the_bytes_which_is_why_drivers_set_it()
    {
        using var pty = PseudoTerminal.Open();
        int fd = FileDescriptors.Open(pty.DevicePath, FileDescriptors.O_RDWR | FileDescriptors.O_NOCTTY);
        try
        {
            pty.Write("AB\r"u8);
            Assert.That(Encoding.ASCII.GetString(ReadAvailable(fd, 3)), Is.EqualTo("AB\n"), "a new terminal turns CR into LF (ICRNL)");
        }
        finally
        {
            FileDescriptors.Close(fd);
        }
    }

    [Test]
    public void Bytes_waiting_are_counted_and_a_hang_up_ends_the_reads()
    {
        var pty = PseudoTerminal.Open();
        int fd = FileDescriptors.Open(pty.DevicePath, FileDescriptors.O_RDWR | FileDescriptors.O_NOCTTY);
        try
        {
            var settings = Termios.Get(fd);
            Termios.MakeRaw(ref settings);
            Termios.Set(fd, settings);
            pty.Write("12345"u8);
            Wait.Until(() => Ioctl.BytesAvailable(fd) == 5, "FIONREAD to count the bytes");
            Termios.FlushInput(fd);
            Assert.That(Ioctl.BytesAvailable(fd), Is.Zero);

            pty.Dispose(); // the adapter is unplugged
            Assert.That(FileDescriptors.WaitReadable(fd, TimeSpan.FromSeconds(10)), Is.True);
            // Linux reports the hang-up as end of file or as EIO, depending on its version: either ends the reads.
            int read;
            try { read = FileDescriptors.Read(fd, new byte[16]); }
            catch (LinuxException e) when (e.Errno == Errno.EIO) { read = 0; }
            Assert.That(read, Is.Zero);
        }
        finally
        {
            FileDescriptors.Close(fd);
        }
    }

    [Test]
    public void A_failed_call_names_the_call_the_path_and_errno()
    {
        var e = Assert.Throws<LinuxException>(() => FileDescriptors.Open("/dev/nutsharp-no-such-device", FileDescriptors.O_RDONLY))!;
        Assert.That(e.Message, Does.StartWith("open /dev/nutsharp-no-such-device: ").And.EndWith("(errno 2)"));
    }

    [TestCase('H', 0x01, 4, 0x80044801u)]      // HIDIOCGRDESCSIZE
    [TestCase('H', 0x02, 4100, 0x90044802u)]   // HIDIOCGRDESC
    [TestCase('H', 0x03, 8, 0x80084803u)]      // HIDIOCGRAWINFO
    public void Read_ioctl_numbers_match_the_kernels(char type, int nr, int size, uint expected) =>
        Assert.That(Ioctl.Read(type, nr, size), Is.EqualTo(expected));

    [TestCase(0x06, 64, 0xC0404806u)] // HIDIOCSFEATURE(64)
    [TestCase(0x07, 64, 0xC0404807u)] // HIDIOCGFEATURE(64)
    public void Read_write_ioctl_numbers_match_the_kernels(int nr, int size, uint expected) =>
        Assert.That(Ioctl.ReadWrite('H', nr, size), Is.EqualTo(expected));
}
