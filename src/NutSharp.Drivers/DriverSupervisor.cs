using Microsoft.Extensions.Logging;
using NutSharp.Devices;

namespace NutSharp.Drivers;

/// <summary>
/// Keeps one device's driver running, as upsdrvctl or systemd keep a NUT driver process running:
/// when the driver crashes (an exception escapes its loop or a SET/INSTCMD handler), the device
/// shows DRIVER-NOT-CONNECTED, the crash is logged (once per outage, with the exception), and a
/// fresh driver instance starts after a growing delay. The server itself never stops for a driver.
/// </summary>
public sealed class DriverSupervisor
{
    private readonly Device _device;
    private readonly Func<DeviceDriver> _create;
    private readonly TimeProvider _time;
    private readonly FaultLog _crashes;
    private int _restarts;
    private int _crashesInARow;

    /// <param name="create">Makes a new driver instance for the device (one per start).</param>
    public DriverSupervisor(Device device, Func<DeviceDriver> create, ILogger log, TimeProvider? time = null)
    {
        _device = device;
        _create = create;
        _time = time ?? TimeProvider.System;
        _crashes = new FaultLog(log, $"driver of [{device.Name}]", _time, LogLevel.Error);
    }

    /// <summary>Delays between restarts after crashes: 1 s, doubling up to 30 s.</summary>
    public RetryDelays RestartDelays { get; init; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

    /// <summary>The driver instance running now (null between a crash and the restart).</summary>
    public DeviceDriver? Current { get; private set; }

    /// <summary>How many times the driver has been restarted after a crash.</summary>
    public int Restarts => Volatile.Read(ref _restarts);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var driver = _create();
            driver.Published += OnPublished;
            Current = driver;
            _device.Driver = driver;
            try
            {
                await driver.RunAsync(cancellationToken).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                _crashes.Fault("driver stopped by itself; restarting it");
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e)
            {
                _crashes.Fault($"driver crashed ({e.GetType().Name}: {e.Message}); device not connected, restarting it", e);
            }
            finally
            {
                driver.Published -= OnPublished;
                if (ReferenceEquals(_device.Driver, driver)) _device.Driver = null;
                Current = null;
            }

            using (var update = _device.BeginUpdate()) update.LinkDown();
            int crashesInARow = Interlocked.Increment(ref _crashesInARow);
            Interlocked.Increment(ref _restarts);
            await Task.Delay(RestartDelays.After(crashesInARow), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The restarted driver has published data: the outage is over, and the next crash starts again from the shortest delay.</summary>
    private void OnPublished()
    {
        Volatile.Write(ref _crashesInARow, 0);
        _crashes.Cleared();
    }
}
