using NutSharp.Drivers.Hid;

namespace NutSharp.Tests.Hid;

public class RecordingTests
{
    [Test]
    public void The_committed_recording_reads_back_with_the_synthetic_descriptor_and_reports()
    {
        var recording = HidRecording.Load(HidFixtures.PathOf("tripplite_synthetic_online.recording.json"));
        var samples = new SyntheticSamples();
        Assert.That(recording.VendorId, Is.EqualTo(0x09ae));
        Assert.That(recording.ProductId, Is.EqualTo(0x3012));
        Assert.That(recording.Descriptor, Is.EqualTo(SyntheticSamples.Descriptor));
        Assert.That(recording.Feature, Is.EquivalentTo(samples.Online));
        Assert.That(recording.Serial, Is.EqualTo("SYN0001"));
    }

    [Test]
    public void A_recording_survives_a_round_trip_through_its_json()
    {
        var recording = new SyntheticSamples().Recording();
        var again = HidRecording.Parse(recording.ToJson(), "memory");
        Assert.That(again.ToJson(), Is.EqualTo(recording.ToJson()));
        Assert.That(recording.ToJson(), Does.Contain("\"vendor_id\": \"09ae\"").And.Contain("\"0x32\": \"32 46\""));
    }

    [TestCase("{", "not valid JSON")]
    [TestCase("""{"vendor_id":"9ae","product_id":"3016","descriptor":"05 84"}""", "vendor_id \"9ae\" is not 4 hex digits")]
    [TestCase("""{"vendor_id":"09ae","product_id":"3016"}""", "descriptor is missing")]
    [TestCase("""{"vendor_id":"09ae","product_id":"3016","descriptor":"05 8"}""", "odd number of hex digits")]
    [TestCase("""{"vendor_id":"09ae","product_id":"3016","descriptor":"05 84","feature":{"1":"01 02"}}""", "not a report id written 0x01")]
    [TestCase("""{"vendor_id":"09ae","product_id":"3016","descriptor":"05 84","feature":{"0x01":"02 02"}}""", "must start with its report id byte")]
    public void A_bad_recording_is_refused_naming_the_file_and_the_problem(string json, string problem)
    {
        var error = Assert.Throws<FormatException>(() => HidRecording.Parse(json, "/tmp/bug-report.json"));
        Assert.That(error!.Message, Does.StartWith("recording /tmp/bug-report.json: ").And.Contain(problem));
    }

    [Test]
    public void A_replayed_device_answers_from_its_state_and_keeps_what_is_set()
    {
        var state = new ReplayState(new SyntheticSamples().Recording());
        using var device = new ReplayHidDevice(state, "replay");
        var buffer = new byte[8];
        buffer[0] = 0x15;
        Assert.That(device.GetFeature(buffer), Is.EqualTo(3));
        device.SetFeature([0x15, 0x14, 0x00]);
        Assert.That(device.GetFeature(buffer), Is.EqualTo(3));
        Assert.That(buffer[..3], Is.EqualTo(new byte[] { 0x15, 0x14, 0x00 }));
        buffer[0] = 0x77;
        Assert.That(Assert.Throws<HidDeviceException>(() => device.GetFeature(buffer))!.Failure, Is.EqualTo(HidFailure.Refused));
    }

    [Test]
    public void An_unplugged_replay_fails_as_a_gone_device_and_cannot_be_opened()
    {
        var state = new ReplayState(new SyntheticSamples().Recording());
        using var device = new ReplayHidDevice(state, "replay");
        state.Unplugged = true;
        Assert.That(Assert.Throws<HidDeviceException>(() => device.ReadDescriptor())!.Failure, Is.EqualTo(HidFailure.Gone));
        Assert.That(Assert.Throws<HidDeviceException>(() => new ReplayHidDevice(state, "replay"))!.Failure, Is.EqualTo(HidFailure.Gone));
    }
}
