using System.Text.Json;
using NutSharp.Drivers.Hid;
using NutSharp.Host.Commands;
using NutSharp.Tests.Hid;

namespace NutSharp.Tests.TrippLite;

/// <summary><c>nutsharp tripplite</c> in-process: numat's view of the sample bytes, --dump, and the messages when nothing is found.</summary>
public class TrippLiteCommandTests
{
    private readonly SyntheticSamples _samples = new();

    private static (int Exit, string Output, string Error) Run(IHidDeviceSource source, string? dump = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = TrippLiteCommand.Run(replay: "recording.json", dump, output, error, source);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>numat_view's keys are the nested keys joined by dots ("config.voltage"), status kept as an object.</summary>
    private static Dictionary<string, string> Flatten(JsonElement element, string prefix = "")
    {
        var flat = new Dictionary<string, string>();
        foreach (var p in element.EnumerateObject())
        {
            string key = prefix + p.Name;
            if (p.Value.ValueKind == JsonValueKind.Object && p.Name != "status")
                foreach (var kv in Flatten(p.Value, key + ".")) flat[kv.Key] = kv.Value;
            else flat[key] = p.Value.ValueKind == JsonValueKind.Number ? p.Value.GetDouble().ToString(System.Globalization.CultureInfo.InvariantCulture) : p.Value.GetRawText().Replace(" ", "", StringComparison.Ordinal);
        }
        return flat;
    }

    private static Dictionary<string, string> Normalise(JsonElement element) =>
        Flatten(element).ToDictionary(kv => kv.Key, kv => kv.Key == "status"
            ? string.Join(",", JsonDocument.Parse(kv.Value).RootElement.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => $"{p.Name}={p.Value}"))
            : kv.Value);

    [TestCase("online")]
    [TestCase("on_battery")]
    public void The_output_is_numats_view_of_the_same_bytes(string state)
    {
        var replay = new ReplayState(_samples.Recording());
        if (state == "on_battery") foreach (var report in _samples.OnBatteryOverlay.Values) replay.SetReport(report);
        var (exit, output, error) = Run(new ReplaySource(replay, "recording.json"));
        Assert.That(exit, Is.Zero, error);
        var printed = Normalise(JsonDocument.Parse(output).RootElement);
        Assert.That(printed, Is.EquivalentTo(Normalise(_samples.NumatView(state))));
    }

    [Test]
    public void The_output_has_numats_nesting_so_jq_paths_work()
    {
        var (_, output, _) = Run(new ReplaySource(new ReplayState(_samples.Recording()), "recording.json"));
        var root = JsonDocument.Parse(output).RootElement;
        Assert.That(root.GetProperty("status").GetProperty("ac present").GetBoolean(), Is.True);
        Assert.That(root.GetProperty("input").GetProperty("voltage").GetRawText(), Is.EqualTo("120.0"));
        Assert.That(root.GetProperty("time to empty").GetInt32(), Is.EqualTo(1004));
    }

    [Test]
    public void Without_a_descriptor_path_the_value_comes_from_the_protocol_2012_report()
    {
        // A descriptor that only declares the UPS collection and a percent load: every numat value falls back to its fixed report.
        byte[] bare = [0x05, 0x84, 0x09, 0x04, 0xa1, 0x01, 0x85, 0x1e, 0x09, 0x35, 0x75, 0x08, 0x95, 0x01, 0x15, 0x00, 0x26, 0xff, 0x00, 0xb1, 0x02, 0xc0];
        var recording = _samples.Recording();
        var state = new ReplayState(new HidRecording { VendorId = 0x09ae, ProductId = 0x2012, Descriptor = bare, Feature = recording.Feature });
        var (exit, output, error) = Run(new ReplaySource(state, "bare.json"));
        Assert.That(exit, Is.Zero, error);
        Assert.That(Normalise(JsonDocument.Parse(output).RootElement), Is.EquivalentTo(Normalise(_samples.NumatView("online"))));
    }

    [Test]
    public void Dump_writes_a_recording_that_replays_to_the_same_output()
    {
        string file = Path.Combine(Path.GetTempPath(), $"nutsharp-dump-{Guid.NewGuid():N}.json");
        try
        {
            var source = new ReplaySource(new ReplayState(_samples.Recording()), "recording.json");
            var (exit, output, error) = Run(source, dump: file);
            Assert.That(exit, Is.Zero);
            Assert.That(output, Is.Empty);
            Assert.That(error, Does.Contain("recorded 09ae:3012").And.Contain(file));
            var dumped = HidRecording.Load(file);
            Assert.That(dumped.Feature, Is.EquivalentTo(_samples.Online), "every declared report the UPS answers, nothing else");
            Assert.That(Run(ReplaySource.FromFile(file)).Output, Is.EqualTo(Run(source).Output));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public void No_tripp_lite_ups_is_a_non_zero_exit_with_a_message()
    {
        var (exit, output, error) = Run(new ReplaySource(new ReplayState(new HidRecording { VendorId = 0x0764, ProductId = 0x0601, Descriptor = [0xc0] }), "cp.json"));
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Is.Empty);
        Assert.That(error, Does.Contain("not a recording of a Tripp Lite UPS"));
    }

    [Test]
    public void A_descriptor_that_cannot_be_parsed_is_a_non_zero_exit_naming_the_device()
    {
        var state = new ReplayState(new HidRecording { VendorId = 0x09ae, ProductId = 0x3016, Descriptor = [0x05, 0x84, 0xa1] });
        var (exit, _, error) = Run(new ReplaySource(state, "bad.json"));
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error, Does.Contain("09ae:3016 (bad.json)").And.Contain("cannot be parsed"));
    }

    [Test]
    public void A_missing_recording_file_is_a_non_zero_exit_naming_it()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        Assert.That(TrippLiteCommand.Run("/nonexistent/rec.json", null, output, error), Is.EqualTo(1));
        Assert.That(error.ToString(), Does.StartWith("nutsharp tripplite: recording /nonexistent/rec.json:"));
    }
}
