using System.CommandLine;
using System.IO.Pipelines;
using NutSharp.Drivers;
using NutSharp.Drivers.Teleinfo;

namespace NutSharp.Host.Commands;

/// <summary>
/// <c>nutsharp teleinfo PORT</c>: reads an Enedis meter on a serial adapter and prints its readings
/// as JSON in serial-teleinfo's shape, once (the first complete frame) or for every frame with
/// <c>--follow</c>. It is the owner's own terminal, so identifiers (ADCO, ADSC, PRM) are shown
/// unless <c>--mask</c>. The same parser, mode detection and port handling as the teleinfo driver.
/// </summary>
internal static class TeleinfoCommand
{
    public static Command Create()
    {
        var port = new Argument<string>("port") { Description = "the serial adapter, e.g. /dev/ttyUSB0 or a /dev/serial/by-id/ path" };
        var follow = new Option<bool>("--follow") { Description = "print the readings after every frame, until interrupted" };
        var mode = new Option<string>("--mode") { Description = "historic (1200 baud), standard (9600 baud) or auto (detect)", DefaultValueFactory = _ => "auto" };
        mode.AcceptOnlyFromAmong("historic", "standard", "auto");
        var mask = new Option<bool>("--mask") { Description = "hide the household identifiers (ADCO, ADSC, PRM) as the server does" };
        var timeout = new Option<int>("--timeout") { Description = "without --follow: give up after this many seconds without a complete frame", DefaultValueFactory = _ => 20 };

        var command = new Command("teleinfo", "Read an Enedis meter's Teleinfo (TIC) output and print it as JSON, as serial-teleinfo does.");
        command.Arguments.Add(port);
        foreach (var o in new Option[] { follow, mode, mask, timeout }) command.Options.Add(o);
        command.SetAction(async (parse, cancellationToken) =>
        {
            TeleinfoModes.TryParse(parse.GetValue(mode), out var fixedMode);
            return await RunAsync(parse.GetValue(port)!, fixedMode, parse.GetValue(follow), parse.GetValue(mask),
                TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(timeout))), cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(string path, TeleinfoMode? fixedMode, bool follow, bool mask, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        var parser = new TeleinfoParser(fixedMode ?? TeleinfoMode.Historic);
        var detector = new TeleinfoModeDetector(time, TeleinfoOptions.DefaultDetectAfter);
        var frames = new FrameCollector(new TeleinfoReadings(time));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (!follow) deadline.CancelAfter(timeout);
        string? lastError = null;
        while (!deadline.IsCancellationRequested)
        {
            try
            {
                using var port = TeleinfoPort.Open(path, parser.Mode);
                await using var stream = new TeleinfoPortStream(port);
                lastError = null;
                detector.Restart(parser);
                var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
                try
                {
                    while (true)
                    {
                        var result = await reader.ReadAsync(deadline.Token).ConfigureAwait(false);
                        var buffer = result.Buffer;
                        var used = parser.Parse(buffer, frames);
                        if (fixedMode is null && detector.ShouldSwitch(parser))
                        {
                            parser.Mode = parser.Mode.Other();
                            port.BaudRate = parser.Mode.BaudRate();
                            detector.Restart(parser);
                            frames.Readings.Clear();
                        }
                        if (buffer.Slice(used).Length > 8 * 1024) used = buffer.End;
                        reader.AdvanceTo(used, buffer.End);
                        foreach (var line in frames.TakeOutput(mask))
                        {
                            Console.Out.WriteLine(line);
                            Console.Out.Flush();
                            if (!follow) return 0;
                        }
                        if (result.IsCompleted) throw new IOException($"{path}: end of data");
                    }
                }
                finally
                {
                    await reader.CompleteAsync().ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is DriverFaultException or IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                // Said once per distinct problem; --follow then retries, as the driver does, so a replugged adapter is read again.
                if (e.Message != lastError) await Console.Error.WriteLineAsync("nutsharp teleinfo: " + e.Message).ConfigureAwait(false);
                lastError = e.Message;
                if (!follow) break;
                if (frames.Connected)
                {
                    frames.Disconnected();
                    Console.Out.WriteLine(TeleinfoJson.Format(frames.Readings, connected: false, ready: false, mask));
                }
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(2), deadline.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }
            catch (OperationCanceledException)
            {
            }
        }
        if (cancellationToken.IsCancellationRequested) return 0;
        if (lastError is null)
            await Console.Error.WriteLineAsync($"nutsharp teleinfo: no complete frame from {path} within {timeout.TotalSeconds:0} s").ConfigureAwait(false);
        Console.Out.WriteLine(TeleinfoJson.Format(frames.Readings, frames.Connected, ready: false, mask));
        return 1;
    }

    /// <summary>Takes the parser's frames into the readings, and says when there is something to print.</summary>
    private sealed class FrameCollector(TeleinfoReadings readings) : ITeleinfoHandler
    {
        private int _pending;

        public TeleinfoReadings Readings => readings;

        /// <summary>A valid group has been read since the port was opened (serial-teleinfo's <c>connected</c>).</summary>
        public bool Connected { get; private set; }

        public void Disconnected() => Connected = false;

        public void OnFrame(IReadOnlyList<TeleinfoGroup> groups)
        {
            if (!readings.Apply(groups)) return;
            Connected = true;
            _pending++;
        }

        public void OnError(in TeleinfoError error)
        {
        }

        /// <summary>One JSON line for the newest complete frame, if one arrived since the last call.</summary>
        public IEnumerable<string> TakeOutput(bool mask)
        {
            if (_pending == 0) return [];
            _pending = 0;
            return [TeleinfoJson.Format(readings, connected: true, ready: true, mask)];
        }
    }
}
