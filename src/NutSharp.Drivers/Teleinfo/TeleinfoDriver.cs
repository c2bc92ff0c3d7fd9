using System.Buffers;
using Microsoft.Extensions.Logging;
using NutSharp.Devices;

namespace NutSharp.Drivers.Teleinfo;

/// <summary>
/// <c>driver = teleinfo</c>: an Enedis electricity meter's TIC output, read through a serial
/// adapter, served as a NUT device (hardware.md §2). Each complete frame is one batch: the
/// variables of <see cref="TeleinfoVariables"/>, from groups whose checksum passed.
/// </summary>
/// <remarks>
/// <para>Faults (hardware.md §3.2), each logged once when it starts and once when it ends: the
/// adapter missing, unplugged or busy, permission denied (naming the group to join) are reported by
/// the driver kit, which reopens the port every few seconds; a silent meter makes the data stale
/// after upsd.conf's MAXAGE (or <c>stale_after</c>), and it is fresh again with the next frame;
/// checksum errors and malformed data are logged per episode, never per byte.</para>
/// <para>In auto mode (the default) the driver starts in the last mode that worked (historic at
/// first) and switches speed and rules when <see cref="TeleinfoModeDetector"/> says so.</para>
/// </remarks>
public sealed class TeleinfoDriver(DriverContext context) : StreamedDriver(context), ITeleinfoHandler
{
    public const string DriverName = "teleinfo";

    private TeleinfoOptions? _options;
    private TeleinfoParser? _parser;
    private TeleinfoModeDetector? _detector;
    private TeleinfoPortStream? _stream;
    private ITimer? _staleTimer;
    private readonly TeleinfoReadings _readings = new(context.Time);
    private readonly HashSet<string> _published = new(StringComparer.OrdinalIgnoreCase);
    private FaultLog? _detection;
    private FaultLog? _checksums;
    private FaultLog? _malformed;
    private bool _detected;
    private string? _badChecksumLabel;
    private TeleinfoErrorKind? _malformedKind;

    public override string Name => DriverName;

    public override string InternalVersion => "0.1";

    /// <summary>Not in NUT's list (ups, pdu, scd, psu, ats): NUT has no meter type; upsmon ignores the value.</summary>
    protected override string DeviceType => "meter";

    /// <summary>Every few seconds, so a replugged adapter is found soon (serial-teleinfo waits 10 s).</summary>
    protected override RetryDelays Retry => new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));

    /// <summary>A frame is about 1 KB at most; a start without an end this long is noise.</summary>
    protected override int MaxUnparsedBytes => 8 * 1024;

    /// <summary>The mode being read now (the configured one, or what auto-detection settled on).</summary>
    public TeleinfoMode Mode => _parser?.Mode ?? _options?.Mode ?? TeleinfoMode.Historic;

    protected override ValueTask<Stream> OpenAsync(CancellationToken cancellationToken)
    {
        var options = _options ??= TeleinfoOptions.From(Section);
        _parser ??= new TeleinfoParser(options.Mode ?? TeleinfoMode.Historic);
        _detector ??= new TeleinfoModeDetector(Time, options.DetectAfter);
        _detection ??= new FaultLog(Log, Subject, Time, LogLevel.Information);
        _checksums ??= new FaultLog(Log, Subject, Time);
        _malformed ??= new FaultLog(Log, Subject, Time);

        var port = TeleinfoPort.Open(options.Port, _parser.Mode);
        var stream = new TeleinfoPortStream(port);
        if (options.StaleAfter is { } staleAfter)
        {
            // No valid frame for this long: stale, as a NUT driver calling dstate_datastale(); the next frame says DATAOK.
            var timer = Time.CreateTimer(_ => ShowFault(notConnected: false), null, staleAfter, Timeout.InfiniteTimeSpan);
            stream.Closed += timer.Dispose;
            _staleTimer = timer;
        }
        _stream = stream;
        _detector.Restart(_parser);
        _readings.Clear();
        _published.Clear();
        _detected = false;
        return new ValueTask<Stream>(stream);
    }

    protected override SequencePosition Consume(ReadOnlySequence<byte> buffer)
    {
        var parser = _parser!;
        var used = parser.Parse(buffer, this);
        if (_options!.Mode is null && _detector!.ShouldSwitch(parser)) SwitchMode(parser);
        return used;
    }

    private void SwitchMode(TeleinfoParser parser)
    {
        var from = parser.Mode;
        var to = from.Other();
        _detection!.Fault($"no valid Teleinfo group in {from.Name()} mode ({from.BaudRate()} baud); trying {to.Name()} mode ({to.BaudRate()} baud)");
        parser.Mode = to;
        try
        {
            _stream!.Port.BaudRate = to.BaudRate();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ArgumentException)
        {
            throw new DriverFaultException($"{_options!.Port}: cannot switch to {to.BaudRate()} baud: {e.Message}", e);
        }
        _detector!.Restart(parser);
        _readings.Clear();
        _detected = false;
    }

    void ITeleinfoHandler.OnError(in TeleinfoError error)
    {
        // Before the mode is found every group fails: the detection's own message covers that.
        if (!_detected) return;
        if (error.Kind == TeleinfoErrorKind.BadChecksum) _badChecksumLabel ??= error.Text;
        else _malformedKind ??= error.Kind;
    }

    void ITeleinfoHandler.OnFrame(IReadOnlyList<TeleinfoGroup> groups)
    {
        if (!_readings.Apply(groups)) return;
        if (!_detected)
        {
            _detected = true;
            _detection!.Cleared();
            Log.LogInformation("{Subject}: reading a meter in {Mode} mode on {Port} at {Baud} baud",
                Subject, Mode.Name(), _options!.Port, Mode.BaudRate());
        }
        ReportDataErrors(groups);
        Publish();
        if (_options!.StaleAfter is { } staleAfter) _staleTimer?.Change(staleAfter, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Checksum errors and malformed data, logged once per episode: an episode ends with a frame that has neither.</summary>
    private void ReportDataErrors(IReadOnlyList<TeleinfoGroup> groups)
    {
        if (_badChecksumLabel is { } label) _checksums!.Fault($"bad checksum (first in group {label}); such groups are not published");
        else if (groups.All(g => g.Valid)) _checksums!.Cleared();
        if (_malformedKind is { } kind) _malformed!.Fault($"malformed data from the meter ({Describe(kind)}); resynchronising");
        else _malformed!.Cleared();
        _badChecksumLabel = null;
        _malformedKind = null;
    }

    private static string Describe(TeleinfoErrorKind kind) => kind switch
    {
        TeleinfoErrorKind.FrameTruncated => "a frame cut short by the next",
        TeleinfoErrorKind.FrameInterrupted => "a frame aborted by the meter (EOT)",
        TeleinfoErrorKind.GroupTruncated => "a group without its end",
        TeleinfoErrorKind.NonPrintable => "a control character in a group",
        TeleinfoErrorKind.GroupTooLong => "a group too long",
        TeleinfoErrorKind.ByteOutsideGroup or TeleinfoErrorKind.StrayCr => "bytes between groups",
        _ => "a malformed group",
    };

    private void Publish()
    {
        var variables = TeleinfoVariables.Map(_readings, Mode, _options!.ShowIdentifiers);
        using var update = BeginUpdate();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in variables)
        {
            update.SetInfo(name, value);
            names.Add(name);
        }
        foreach (var old in _published)
        {
            if (!names.Contains(old)) update.DelInfo(old);
        }
        _published.Clear();
        _published.UnionWith(names);
        PublishMode(update);
        update.DataOk();
    }

    protected override void PublishDriverParameters(DeviceUpdate update) => PublishMode(update);

    /// <summary>The mode and speed in use (in auto mode, what was detected), as dummy-ups reports its resolved mode.</summary>
    private void PublishMode(DeviceUpdate update)
    {
        update.SetInfo("driver.parameter.mode", Mode.Name());
        update.SetInfo("driver.parameter.baudrate", Mode.BaudRate().ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
