namespace NutSharp.Drivers.Enphase;

/// <summary>
/// The script's TEST mode: no network; every request is answered from a TEST_* config value, with
/// the gateway's state following the cycle online → nocomms → online → onbatt → lowbatt → online …
/// (<see cref="Advance"/> is called before each poll).
/// </summary>
public sealed class TestModeTransport(EnphaseTestAnswers answers, IEnphaseLog log) : IEnphaseTransport
{
    private enum Cycle { Init, Online, NoComms, Online2, OnBattery, LowBattery }

    private Cycle _cycle = Cycle.Init;

    /// <summary>battery.charge.low as the port file has it now: the lowbatt cycle answers one point below it.</summary>
    public Func<string?> LowCharge { get; set; } = () => null;

    /// <summary>The name of the current cycle, as the script's debug output names it.</summary>
    public string CycleName => _cycle switch
    {
        Cycle.Online => "online",
        Cycle.NoComms => "nocomms",
        Cycle.Online2 => "online2",
        Cycle.OnBattery => "onbatt",
        Cycle.LowBattery => "lowbatt",
        _ => "init",
    };

    public void Advance()
    {
        _cycle = _cycle switch
        {
            Cycle.Init => Cycle.Online,
            Cycle.Online => Cycle.NoComms,
            Cycle.NoComms => Cycle.Online2,
            Cycle.Online2 => Cycle.OnBattery,
            Cycle.OnBattery => Cycle.LowBattery,
            _ => Cycle.Online,
        };
        log.Debug($"TEST_CYCLE now {CycleName}");
    }

    public Task<GatewayAnswer> LoginAsync(CancellationToken cancellationToken) => Task.FromResult(Answer(answers.Session, "login"));

    public Task<GatewayAnswer> RequestTokenAsync(string sessionId, CancellationToken cancellationToken) => Task.FromResult(Answer(answers.Token, "tokens"));

    public Task<GatewayAnswer> GatewayGetAsync(string token, string path, CancellationToken cancellationToken)
    {
        if (_cycle == Cycle.NoComms)
        {
            log.Warn("Testing nocomms");
            return Task.FromResult(GatewayAnswer.NoAnswer(timedOut: false));
        }
        bool onBattery = _cycle is Cycle.OnBattery or Cycle.LowBattery;
        var answer = path switch
        {
            "ivp/ensemble/relay" => Answer(answers.Relay.Replace("@RELAY_STATE@", onBattery ? "open" : "closed", StringComparison.Ordinal), "relay"),
            "ivp/livedata/status" => Answer(answers.Live.Replace("@BATT_SOC@", Charge(), StringComparison.Ordinal), "live"),
            "ivp/meters/reports" => Answer(answers.Reports, "reports"),
            "ivp/ensemble/secctrl" => Answer(answers.SecCtrl, "secctrl"),
            "info.xml" => Answer(answers.Info, "info"),
            _ => throw new EnphaseFatalException($"Unknown test url: {path}"),
        };
        return Task.FromResult(answer);
    }

    /// <summary>100 online, 90 on battery, battery.charge.low − 1 (whole percent) or 10 on low battery.</summary>
    private string Charge()
    {
        if (_cycle == Cycle.OnBattery) return "90";
        if (_cycle != Cycle.LowBattery) return "100";
        if (string.IsNullOrEmpty(LowCharge())) return "10";
        return ((ScriptNumbers.Int100(LowCharge()) - 100) / 100).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private GatewayAnswer Answer(string text, string mode)
    {
        if (text.Length > 0) return new GatewayAnswer(200, text);
        log.Warn($"Testing {mode} failure");
        return GatewayAnswer.NoAnswer(timedOut: false);
    }
}
