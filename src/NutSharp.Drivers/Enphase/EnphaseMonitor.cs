using System.Runtime.Versioning;
using System.Text.RegularExpressions;

namespace NutSharp.Drivers.Enphase;

/// <summary>How long the monitor runs.</summary>
public enum EnphaseRunMode
{
    /// <summary>Poll until stopped.</summary>
    Continuous,

    /// <summary><c>-s</c>: one poll, then return.</summary>
    Single,

    /// <summary><c>-x</c>: hide the port file as "no communication" and return, without asking the gateway.</summary>
    NoComms,
}

/// <summary>
/// The Enphase IQ Gateway poller (NUT's enphase-monitor): each cycle gets a token, asks the
/// gateway whether the grid is up (relay), the battery's charge (livedata), once its identity
/// (info.xml, secctrl) and the meters, and updates the dummy-ups port file. The call order and
/// the state rules are the script's (reference/enphase.md §4); where the script is wrong the
/// difference is listed in the README.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed partial class EnphaseMonitor
{
    private readonly EnphaseConfig _config;
    private readonly IEnphaseLog _log;
    private readonly TimeProvider _time;
    private readonly IEnphaseTransport _transport;
    private readonly bool _ownsTransport;
    private readonly TestModeTransport? _test;
    private readonly EnphaseTokens _tokens;
    private readonly EnphasePortFile _portFile;

    /// <summary>The latest readings (the script's NDS): kept across cycles, so a failed request leaves the last value in place.</summary>
    private readonly Dictionary<string, MeterReading?> _meters = new(StringComparer.Ordinal);
    private string? _charge;
    private bool _metersRead;
    private bool _identityRead;
    private bool _restartRead;
    private bool _capacityRead;
    private DateTimeOffset? _lastUnauthorizedRenewal;

    /// <summary>This cycle's token: checked once per poll, as the script does, and replaced on a 401.</summary>
    private string _token = "";

    /// <summary>A 401 from the gateway renews the token at most this often, so a gateway that refuses every token does not make the monitor log in every poll.</summary>
    public static readonly TimeSpan UnauthorizedRenewalInterval = TimeSpan.FromMinutes(10);

    /// <param name="transport">The requests' way out; null: HTTP, or the TEST_* answers when the config sets TEST.</param>
    public EnphaseMonitor(EnphaseConfig config, IEnphaseLog log, TimeProvider? time = null, IEnphaseTransport? transport = null, Random? random = null)
    {
        _config = config;
        _log = log;
        _time = time ?? TimeProvider.System;
        _portFile = new EnphasePortFile(config.PortFile, log);
        if (transport is null && config.Test is { } answers)
        {
            _test = new TestModeTransport(answers, log) { LowCharge = () => _portFile.Reference("batt_low") };
            transport = _test;
        }
        _ownsTransport = transport is null;
        _transport = transport ?? new HttpEnphaseTransport(config, log);
        var dice = random ?? Random.Shared;
        _tokens = new EnphaseTokens(config, _transport, log, _time, config.Test is null ? null : () => dice.Next(5) == 0);
    }

    public EnphaseConfig Config => _config;

    /// <summary>Runs until <paramref name="stop"/> (or after one cycle with -s / -x). Throws <see cref="EnphaseFatalException"/> where the script dies.</summary>
    public async Task RunAsync(EnphaseRunMode mode, CancellationToken stop)
    {
        try
        {
            _portFile.ReadAtStart();
            while (!stop.IsCancellationRequested)
            {
                _test?.Advance();
                var state = await QueryAsync(mode == EnphaseRunMode.NoComms, stop);
                _log.Debug($"current state: {state}");
                _portFile.Update(Readings(state));
                if (mode != EnphaseRunMode.Continuous) break;
                // Faster polling while on battery or without the gateway.
                int delay = state == GridState.Online ? _config.PollFrequency : _config.PollFrequencyAlert;
                _log.Debug($"delay: {delay}");
                await Task.Delay(TimeSpan.FromSeconds(delay), _time, stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        finally
        {
            if (_ownsTransport) (_transport as IDisposable)?.Dispose();
        }
    }

    private enum GridState { NoComms, Online, OnBattery }

    private EnphaseReadings Readings(GridState state)
    {
        var status = state switch { GridState.Online => "OL", GridState.OnBattery => "OB", _ => "" };
        // LB strictly below battery.charge.low, as the script; nothing else is ever added.
        var low = _portFile.Reference("batt_low");
        if (status.Length > 0 && !string.IsNullOrEmpty(_charge) && low.Length > 0 && ScriptNumbers.Int100(_charge) < ScriptNumbers.Int100(low))
            status += " LB";
        return new EnphaseReadings
        {
            Status = status,
            Charge = _charge,
            Meters = _meters,
            MetersKnown = _metersRead || _config.DisableMeters,
            LoadKwh = _config.LoadKwh,
        };
    }

    /// <summary>One poll: the script's query_envoy, in its call order.</summary>
    private async Task<GridState> QueryAsync(bool hideOnly, CancellationToken cancellationToken)
    {
        _token = await _tokens.GetAsync(cancellationToken);
        if (hideOnly) return GridState.NoComms;

        // The relay is the only reliable sign of the grid (livedata's relay state does not change).
        var relay = await GetAsync("ivp/ensemble/relay", cancellationToken);
        if (!relay.Succeeded) return GridState.NoComms;
        var relayPayload = JsonValues.TryParse(relay.Body, EnphaseJsonContext.Default.RelayPayload);
        var mains = JsonValues.Text(relayPayload?.MainsOperState);
        _log.Debug($"mains operational state: {mains}");
        GridState state;
        switch (mains)
        {
            case "closed": state = GridState.Online; break;
            case "open": state = GridState.OnBattery; break;
            case null or "": _log.Warn("envoy relay API missing mains_oper_state"); return GridState.NoComms;
            default: _log.Warn($"envoy relay API unknown mains_oper_state '{mains}'"); return GridState.NoComms;
        }

        string? phaseCount = null, energy = null;
        var live = await GetAsync("ivp/livedata/status", cancellationToken);
        bool liveAnswered = live.Succeeded;
        if (liveAnswered)
        {
            var meters = JsonValues.TryParse(live.Body, EnphaseJsonContext.Default.LiveDataPayload)?.Meters;
            // An answer without a charge empties it (no battery.charge, no LB); no answer keeps the last one.
            _charge = JsonValues.Number(meters?.Soc) ?? "";
            phaseCount = JsonValues.Number(meters?.PhaseCount);
            energy = JsonValues.Number(meters?.EncAggEnergy);
        }

        // The gateway's identity, asked once per process; unlike the script (quirk Q4), a part that
        // failed is asked again on the next cycle instead of being missing until a restart.
        if (!_identityRead)
        {
            _portFile.SetReference("serial", _config.Serial);
            _portFile.SetReference("userial", _config.Serial);
            var info = await GetAsync("info.xml", cancellationToken);
            if (info.Succeeded)
            {
                _identityRead = true;
                if (SoftwareElement().Match(info.Body!) is { Success: true } match) _portFile.SetReference("software", match.Groups[1].Value.Trim());
            }
        }
        if (!_restartRead)
        {
            var secctrl = await GetAsync("ivp/ensemble/secctrl", cancellationToken);
            if (secctrl.Succeeded)
            {
                _restartRead = true;
                if (JsonValues.Number(JsonValues.TryParse(secctrl.Body, EnphaseJsonContext.Default.SecCtrlPayload)?.SocRecoveryExit) is { } restart)
                    _portFile.SetReference("batt_restart", restart);
            }
        }
        if (!_capacityRead && liveAnswered)
        {
            // battery.capacity is the energy stored at the first answer that has it, as the script
            // takes it (enc_agg_energy; reference/enphase.md §4), and the phase count with it.
            _portFile.SetReference("phases", phaseCount == "3" ? "3" : "");
            if (energy is not null)
            {
                _capacityRead = true;
                _portFile.SetReference("capacity", energy);
            }
        }

        if (!_config.DisableMeters)
        {
            var reports = await GetAsync("ivp/meters/reports", cancellationToken);
            if (reports.Succeeded && JsonValues.TryParse(reports.Body, EnphaseJsonContext.Default.ListMeterReportPayload) is { } list)
                ReadMeters(list);
        }
        return state;
    }

    /// <summary>net-consumption → input, total-consumption → output (cumulative, plus L1–L3 on three phases), storage → battery.</summary>
    private void ReadMeters(List<MeterReportPayload?> reports)
    {
        int phases = _portFile.Reference("phases") == "3" ? 3 : 0;
        foreach (var (type, key) in new[] { ("net-consumption", "input"), ("total-consumption", "output") })
        {
            var readings = new List<MeterReadingPayload?>();
            foreach (var report in reports.Where(r => r?.ReportType == type))
            {
                readings.Add(report!.Cumulative);
                readings.AddRange(report.Lines ?? []);
            }
            for (int phase = 0; phase <= phases && phase < readings.Count; phase++)
                _meters[$"{key}.L{phase}"] = MeterReading.From(readings[phase]);
        }
        var storage = reports.FirstOrDefault(r => r?.ReportType == "storage");
        _meters["battery"] = storage is null ? null : MeterReading.From(storage.Cumulative);
        _metersRead = true;
    }

    /// <summary>
    /// A gateway GET as the script's curl does it (one retry about a second later on a timeout or
    /// a transient HTTP status); a 401 also gets a new token and one more try (the script never
    /// renews on 401: quirk Q3).
    /// </summary>
    private async Task<GatewayAnswer> GetAsync(string path, CancellationToken cancellationToken)
    {
        var answer = await GetWithRetryAsync(_token, path, cancellationToken);
        if (answer.Unauthorized && RenewalAllowed())
        {
            _lastUnauthorizedRenewal = _time.GetUtcNow();
            _tokens.Discard();
            _token = await _tokens.GetAsync(cancellationToken);
            answer = await GetWithRetryAsync(_token, path, cancellationToken);
        }
        if (!answer.Succeeded)
            _log.Debug(answer.Status == 0 ? $"{path}: no answer" : $"{path}: HTTP {answer.Status}");
        return answer;
    }

    private bool RenewalAllowed() =>
        _lastUnauthorizedRenewal is not { } last || _time.GetUtcNow() - last >= UnauthorizedRenewalInterval;

    private async Task<GatewayAnswer> GetWithRetryAsync(string token, string path, CancellationToken cancellationToken)
    {
        var answer = await _transport.GatewayGetAsync(token, path, cancellationToken);
        if (!answer.IsTransient) return answer;
        await Task.Delay(TimeSpan.FromSeconds(1), _time, cancellationToken);
        return await _transport.GatewayGetAsync(token, path, cancellationToken);
    }

    [GeneratedRegex("<software>([^<]*)</software>")]
    private static partial Regex SoftwareElement();
}
