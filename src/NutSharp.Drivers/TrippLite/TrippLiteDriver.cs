using System.Globalization;
using Microsoft.Extensions.Logging;
using NutSharp.Config;
using NutSharp.Devices;
using NutSharp.Drivers.Hid;

namespace NutSharp.Drivers.TrippLite;

/// <summary>
/// NutSharp's built-in stand-in for NUT's <c>usbhid-ups</c> on Tripp Lite UPSs (vendor 09ae), read
/// straight from /dev/hidraw (or from a recording with <c>replay = FILE</c>). A ups.conf section
/// written for NUT (<c>driver = usbhid-ups</c>, <c>vendorid = 09ae</c>, optional productid,
/// serial, vendor, product, bus, pollinterval, pollfreq, offdelay, ondelay, onlinedischarge,
/// pollonly) describes the UPS; it is served here only when the user chooses the built-in driver
/// (see <see cref="Selection.DriverSelection"/>).
/// </summary>
/// <remarks>
/// Polling as usbhid-ups: every <c>pollinterval</c> (2 s) a quick update of the status bits and
/// timers, every <c>pollfreq</c> (30 s) and right after a SET or INSTCMD a full one. When the UPS
/// goes away the data shows stale, then, after <see cref="NotConnectedAfter"/>, not connected; it is
/// found again by its serial or USB port whatever hidrawN it comes back as.
/// </remarks>
public sealed class TrippLiteDriver : PolledDriver
{
    public const string DriverName = "usbhid-ups";

    /// <summary>NUT's DEFAULT_POLLFREQ (usbhid-ups.h).</summary>
    public const int DefaultPollFrequencySeconds = 30;

    /// <summary>What driver.version.data says (NUT 2.8.0's subdriver name).</summary>
    public const string SubdriverName = "TrippLite HID 0.84";

    private readonly IHidDeviceSource _source;
    private readonly HidDeviceMatcher _matcher;
    private IHidDevice? _device;
    private TrippLiteUps? _ups;
    private HidDeviceInfo? _last;
    private long _lastFull;
    private bool _fresh;
    private bool _lost;
    private long? _faultSince;
    private bool _warnedSerialOverUsb;
    private bool _warnedUnknownProduct;

    public TrippLiteDriver(DriverContext context) : this(context, SourceFor(context.Section, context.ConfPath))
    {
    }

    public TrippLiteDriver(DriverContext context, IHidDeviceSource source) : base(context)
    {
        _source = source;
        _matcher = new HidDeviceMatcher(context.Section);
    }

    public override string Name => DriverName;

    /// <summary>NUT 2.8.0's usbhid-ups version.</summary>
    public override string InternalVersion => "0.47";

    /// <summary>How long a lost UPS shows as stale before it shows as not connected.</summary>
    public TimeSpan NotConnectedAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The UPS this driver talks to now (null while disconnected).</summary>
    public HidDeviceInfo? Current => _device?.Info;

    private int PollFrequencySeconds =>
        Section.Option("pollfreq") is { } text && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int s) && s > 0
            ? s : DefaultPollFrequencySeconds;

    /// <summary>
    /// True when a usbhid-ups section is about a Tripp Lite UPS (vendorid 09ae) or a recording
    /// (replay): only then can the built-in driver serve it. Other usbhid-ups sections stay with NUT.
    /// </summary>
    public static bool CanServe(UpsSection section) =>
        section.Option("replay") is { Length: > 0 }
        || string.Equals(section.Option("vendorid"), "09ae", StringComparison.OrdinalIgnoreCase);

    private static IHidDeviceSource SourceFor(UpsSection section, string confPath)
    {
        if (section.Option("replay") is not { Length: > 0 } replay)
            return OperatingSystem.IsLinux() ? new HidrawSource() : throw new PlatformNotSupportedException("hidraw exists on Linux only");
        return new LazyReplaySource(Path.IsPathRooted(replay) ? replay : Path.Combine(confPath, replay));
    }

    protected override bool FaultShowsNotConnected
    {
        get
        {
            // Stale first (a UPS re-enumerating comes back within seconds), not connected once it stays away.
            _faultSince ??= Time.GetTimestamp();
            return Time.GetElapsedTime(_faultSince.Value) >= NotConnectedAfter;
        }
    }

    protected override ValueTask ConnectAsync(CancellationToken cancellationToken)
    {
        var info = Choose();
        var device = _source.Open(info);
        try
        {
            byte[] raw = device.ReadDescriptor();
            ReportDescriptor descriptor;
            try
            {
                descriptor = ReportDescriptorParser.Parse(raw);
            }
            catch (HidReportException e)
            {
                throw new DriverFaultException($"{info}: the report descriptor ({raw.Length} bytes) cannot be parsed: {e.Message}");
            }
            if (!descriptor.IsUps)
                throw new DriverFaultException($"{info}: the report descriptor declares no UPS (Power Device usage page 0x84, usage UPS)");
            _ups = new TrippLiteUps(device, descriptor, Scales(info), Section.HasFlag("onlinedischarge"), Section.HasFlag("pollonly"));
            _ups.ApplyConfigured("ups.delay.shutdown", Section.Option("offdelay"));
            _ups.ApplyConfigured("ups.delay.start", Section.Option("ondelay"));
            _device = device;
            _last = info;
            _lost = false;
            _fresh = true;
            Log.LogInformation("{Subject}: using {Device}{Serial}", Subject, info, info.Serial is null ? "" : ", serial " + info.Serial);
            return default;
        }
        catch
        {
            device.Dispose();
            throw;
        }
    }

    /// <summary>The matching device, preferring the one used before (same serial, else same USB port): hidrawN changes on every replug.</summary>
    private HidDeviceInfo Choose()
    {
        var candidates = _source.Enumerate().Where(d => _matcher.Matches(d) && Claims(d)).ToList();
        if (candidates.Count == 0)
            throw new DriverFaultException($"no Tripp Lite UPS found matching ups.conf [{Section.Name}] ({Describe(Section)})");
        if (_last is { } last)
        {
            var again = candidates.FirstOrDefault(d => last.Serial is not null && d.Serial == last.Serial && d.VendorId == last.VendorId && d.ProductId == last.ProductId)
                ?? candidates.FirstOrDefault(d => last.Port is not null && d.Port == last.Port);
            if (again is not null) return again;
        }
        return candidates[0];
    }

    /// <summary>tripplite_claim of NUT: the serial-over-USB 09ae:0001 is refused; HP only with an explicit productid.</summary>
    private bool Claims(HidDeviceInfo device)
    {
        if (device.VendorId == TrippLiteProducts.TrippLiteVendor && device.ProductId == TrippLiteProducts.SerialOverUsbProduct)
        {
            if (!_warnedSerialOverUsb)
                Log.LogWarning("{Subject}: {Device} speaks Tripp Lite's serial protocol over USB, not HID Power Device; use NUT's tripplite_usb driver for it", Subject, device);
            _warnedSerialOverUsb = true;
            return false;
        }
        return device.VendorId switch
        {
            TrippLiteProducts.TrippLiteVendor or TrippLiteProducts.DeltaVendor => true,
            TrippLiteProducts.HpVendor => Section.Option("productid") is not null,
            _ => false,
        };
    }

    private ProductScales Scales(HidDeviceInfo info)
    {
        if (TrippLiteProducts.Scales(info.VendorId, info.ProductId) is { } known) return known;
        // NUT calls unlisted products "possibly supported"; the descriptor still says where everything is.
        if (_warnedUnknownProduct) return new ProductScales();
        _warnedUnknownProduct = true;
        Log.LogWarning("{Subject}: {Device} is not in NUT's list of Tripp Lite products: reading it through its descriptor without per-product corrections (experimental)", Subject, info);
        return new ProductScales();
    }

    private static string Describe(UpsSection section)
    {
        var given = new[] { "vendorid", "productid", "serial", "vendor", "product", "bus", "replay" }
            .Where(o => section.Option(o) is not null).Select(o => $"{o} = {section.Option(o)}").ToList();
        return given.Count == 0 ? "any" : string.Join(", ", given);
    }

    protected override ValueTask PollAsync(CancellationToken cancellationToken)
    {
        var ups = _ups ?? throw new DriverFaultException("not connected");
        if (_lost) throw new DriverFaultException($"{_device?.Info}: lost while writing to it");
        long now = Time.GetTimestamp();
        var mode = _fresh ? UpdateMode.Init
            : ups.NeedsFullUpdate || Time.GetElapsedTime(_lastFull, now) >= TimeSpan.FromSeconds(PollFrequencySeconds) ? UpdateMode.Full
            : UpdateMode.Quick;
        ups.Update(mode);
        // upsdrv_initinfo: a lowbatt option overrides the UPS's battery.charge.low once it is known.
        if (mode == UpdateMode.Init) ups.ApplyConfigured("battery.charge.low", Section.Option("lowbatt"));
        if (mode != UpdateMode.Quick) _lastFull = now;
        if (ups.Skipped.Count > 0) Log.LogDebug("{Subject}: skipped {Items}", Subject, string.Join(", ", ups.Skipped));
        Publish(ups);
        _faultSince = null;
        return default;
    }

    protected override ValueTask DisconnectAsync()
    {
        _device?.Dispose();
        _device = null;
        _ups = null;
        return default;
    }

    private void Publish(TrippLiteUps ups)
    {
        using var update = BeginUpdate();
        if (_fresh)
        {
            _fresh = false;
            update.SetInfo("driver.version.data", SubdriverName);
            update.SetInfo("driver.parameter.pollfreq", PollFrequencySeconds.ToString(CultureInfo.InvariantCulture));
            var info = _device!.Info;
            if (info.Manufacturer is { } mfr) update.SetInfo("ups.mfr", mfr);
            if (info.Product is { } model) update.SetInfo("ups.model", model);
            if (info.Serial is { } serial) update.SetInfo("ups.serial", serial);
            update.SetInfo("ups.vendorid", info.VendorId.ToString("x4", CultureInfo.InvariantCulture));
            update.SetInfo("ups.productid", info.ProductId.ToString("x4", CultureInfo.InvariantCulture));
            foreach (var command in ups.Commands) update.AddCommand(command);
        }
        foreach (var (name, value) in ups.Values)
        {
            update.SetInfo(name, value);
            if (ups.Writable.TryGetValue(name, out int length))
            {
                update.SetFlags(name, VariableFlags.ReadWrite | VariableFlags.String);
                update.SetAux(name, length);
            }
        }
        if (ups.Bits.HasFlag(StatusBits.VoltageOutOfRange)) update.SetInfo("input.transfer.reason", "input voltage out of range");
        else update.DelInfo("input.transfer.reason");
        if (ups.Alarm is { } alarm) update.SetInfo("ups.alarm", alarm);
        else update.DelInfo("ups.alarm");
        update.SetInfo("ups.status", ups.Status);
    }

    protected override ValueTask<int> SetVariableAsync(string name, string value, CancellationToken cancellationToken)
    {
        if (_ups is not { } ups) return new(TrackingStatus.Failed);
        int status = Guard(() => ups.Set(name, value), $"SET {name}");
        if (status == TrackingStatus.Success) Publish(ups);
        return new(status);
    }

    protected override async ValueTask<int> InstantCommandAsync(string name, string? parameter, CancellationToken cancellationToken)
    {
        if (_ups is not { } ups) return TrackingStatus.Failed;
        try
        {
            int status = await ups.CommandAsync(name, parameter, Time, cancellationToken).ConfigureAwait(false);
            if (status == TrackingStatus.Failed) Log.LogWarning("{Subject}: instcmd {Command} failed: {Error}", Subject, name, ups.LastWriteError);
            return status;
        }
        catch (HidDeviceException e)
        {
            return Lost(e, $"instcmd {name}");
        }
    }

    private int Guard(Func<int> action, string what)
    {
        try
        {
            int status = action();
            if (status == TrackingStatus.Failed) Log.LogWarning("{Subject}: {What} failed: {Error}", Subject, what, _ups?.LastWriteError);
            return status;
        }
        catch (HidDeviceException e)
        {
            return Lost(e, what);
        }
    }

    /// <summary>The device went away during a write: refuse the request; the next poll reports the fault and reconnects.</summary>
    private int Lost(HidDeviceException e, string what)
    {
        Log.LogDebug("{Subject}: {What}: {Error}", Subject, what, e.Message);
        _lost = true;
        return TrackingStatus.Failed;
    }

    /// <summary>A recording named in ups.conf, read at the first connection (a missing file is then a fault like an absent UPS).</summary>
    private sealed class LazyReplaySource(string path) : IHidDeviceSource
    {
        private ReplaySource? _loaded;

        private ReplaySource Loaded => _loaded ??= LoadOrFault();

        public IReadOnlyList<HidDeviceInfo> Enumerate() => Loaded.Enumerate();

        public IHidDevice Open(HidDeviceInfo info) => Loaded.Open(info);

        private ReplaySource LoadOrFault()
        {
            try
            {
                return ReplaySource.FromFile(path);
            }
            catch (FormatException e)
            {
                throw new DriverFaultException(e.Message);
            }
        }
    }
}
