using System.Runtime.InteropServices;

namespace NutSharp.Host.Interop;

/// <summary>
/// clock_gettime(CLOCK_MONOTONIC): the clock systemd reads MONOTONIC_USEC against when a
/// Type=notify-reload service says RELOADING=1 (sd_notify(3)).
/// </summary>
internal static partial class MonotonicClock
{
    private const int ClockMonotonic = 1; // CLOCK_MONOTONIC on Linux

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public nint Seconds;
        public nint Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    /// <summary>Microseconds on CLOCK_MONOTONIC, as systemd's now(CLOCK_MONOTONIC) counts them.</summary>
    public static long Microseconds()
    {
        if (ClockGetTime(ClockMonotonic, out var time) != 0)
            throw new InvalidOperationException("clock_gettime(CLOCK_MONOTONIC) failed: " + Marshal.GetLastPInvokeErrorMessage());
        return (long)time.Seconds * 1_000_000 + (long)time.Nanoseconds / 1000;
    }
}
