using System.Runtime.InteropServices;
using System.Text;

namespace NutSharp.Host.Interop;

/// <summary>execv(2): this process becomes another program, keeping its PID, environment and open descriptors.</summary>
internal static unsafe partial class Exec
{
    [LibraryImport("libc", EntryPoint = "execv", SetLastError = true)]
    private static partial int ExecV(byte* path, byte** argv);

    /// <summary>Replaces this process with <paramref name="path"/>; returns only on failure, with the error.</summary>
    public static string Replace(string path, IReadOnlyList<string> argv)
    {
        var handles = new List<GCHandle>();
        try
        {
            byte* Pin(string text)
            {
                var bytes = Encoding.UTF8.GetBytes(text + "\0");
                var handle = GCHandle.Alloc(bytes, GCHandleType.Pinned);
                handles.Add(handle);
                return (byte*)handle.AddrOfPinnedObject();
            }
            var pointers = new byte*[argv.Count + 1];
            for (int i = 0; i < argv.Count; i++) pointers[i] = Pin(argv[i]);
            pointers[argv.Count] = null;
            fixed (byte** array = pointers)
            {
                ExecV(Pin(path), array);
            }
            return Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());
        }
        finally
        {
            foreach (var handle in handles) handle.Free();
        }
    }
}
