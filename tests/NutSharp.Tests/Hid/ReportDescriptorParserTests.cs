using NutSharp.Drivers.Hid;

namespace NutSharp.Tests.Hid;

public class ReportDescriptorParserTests
{
    private static IEnumerable<string> Stems() => HidFixtures.DescriptorStems();

    [TestCaseSource(nameof(Stems))]
    public void Every_fixture_descriptor_gives_its_field_table_byte_for_byte(string stem)
    {
        string expected = string.Concat(File.ReadAllLines(HidFixtures.PathOf(stem + ".parsed.txt"))
            .Where(l => !l.StartsWith('#')).Select(l => l + "\n"));
        var parsed = ReportDescriptorParser.Parse(HidFixtures.Descriptor(stem));
        Assert.That(parsed.Describe(), Is.EqualTo(expected));
    }

    [Test]
    public void The_fixture_directory_has_both_descriptors()
    {
        Assert.That(Stems(), Is.EquivalentTo(new[] { "cyberpower_cst135uc2_0764_0601", "tripplite_like_synthetic" }));
    }

    [Test]
    public void CyberPower_input_report_8_decodes_to_full_charge_and_ten_minutes()
    {
        var descriptor = ReportDescriptorParser.Parse(HidFixtures.Descriptor("cyberpower_cst135uc2_0764_0601"));
        byte[] report = [0x08, 0x64, 0x58, 0x02];
        var charge = descriptor.Find("UPS.PowerSummary.RemainingCapacity", HidReportType.Input)!;
        var runtime = descriptor.Find("UPS.PowerSummary.RunTimeToEmpty", HidReportType.Input)!;
        Assert.That(charge.ReportId, Is.EqualTo(0x08));
        Assert.That(charge.ToPhysical(charge.ReadLogical(report.AsSpan(1))), Is.EqualTo(100));
        Assert.That(runtime.ToPhysical(runtime.ReadLogical(report.AsSpan(1))), Is.EqualTo(600));
    }

    [Test]
    public void CyberPower_battery_voltage_with_exponent_6_reads_137_as_13_point_7_volts()
    {
        var descriptor = ReportDescriptorParser.Parse(HidFixtures.Descriptor("cyberpower_cst135uc2_0764_0601"));
        var voltage = descriptor.Find("UPS.PowerSummary.Voltage")!;
        Assert.That(voltage.ReportId, Is.EqualTo(0x0a));
        Assert.That(voltage.ToPhysical(voltage.ReadLogical(new byte[] { 137, 0 })), Is.EqualTo(13.7).Within(1e-9));
    }

    [Test]
    public void CyberPower_shutdown_delay_counts_minutes_through_its_physical_range()
    {
        var descriptor = ReportDescriptorParser.Parse(HidFixtures.Descriptor("cyberpower_cst135uc2_0764_0601"));
        var delay = descriptor.Find("UPS.Output.DelayBeforeShutdown")!;
        Assert.That(delay.ToPhysical(2), Is.EqualTo(120));
        Assert.That(delay.ToPhysical(delay.ReadLogical(new byte[] { 0xff, 0xff })), Is.EqualTo(-60));
        Assert.That(delay.ToLogical(120), Is.EqualTo(2));
    }

    [Test]
    public void A_read_modify_write_of_the_synthetic_shutdown_delay_gives_the_fixture_buffer()
    {
        var descriptor = ReportDescriptorParser.Parse(HidFixtures.Descriptor("tripplite_like_synthetic"));
        var delay = descriptor.Find("UPS.OutletSystem.Outlet.DelayBeforeShutdown")!;
        byte[] report = [0x15, 0xff, 0xff];
        Assert.That(delay.ReadLogical(report.AsSpan(1)), Is.EqualTo(-1));
        delay.WriteLogical(report.AsSpan(1), delay.ToLogical(20));
        Assert.That(Convert.ToHexString(report), Is.EqualTo("151400"));
    }

    [Test]
    public void A_one_byte_logical_maximum_of_0xFF_reads_as_255()
    {
        // Usage Page 0x84, Usage UPS, Collection; Report ID 1, Usage PercentLoad, size 8, count 1, min 0, max 0xFF (one byte), Feature; End.
        byte[] descriptor = [0x05, 0x84, 0x09, 0x04, 0xa1, 0x01, 0x85, 0x01, 0x09, 0x35, 0x75, 0x08, 0x95, 0x01, 0x15, 0x00, 0x25, 0xff, 0xb1, 0x02, 0xc0];
        var field = ReportDescriptorParser.Parse(descriptor).Find("UPS.PercentLoad")!;
        Assert.That((field.LogicalMinimum, field.LogicalMaximum), Is.EqualTo((0L, 255L)));
        Assert.That(field.ReadLogical(new byte[] { 0xfe }), Is.EqualTo(254));
    }

    [Test]
    public void Push_and_pop_restore_the_global_state()
    {
        // Report size 8 pushed, size 16 for one field, popped back to 8 for the next.
        byte[] descriptor =
        [
            0x05, 0x84, 0x09, 0x04, 0xa1, 0x01, 0x85, 0x02, 0x75, 0x08, 0x95, 0x01, 0x15, 0x00, 0x26, 0xff, 0x00,
            0xa4, 0x75, 0x10, 0x09, 0x30, 0xb1, 0x02, 0xb4, 0x09, 0x35, 0xb1, 0x02, 0xc0,
        ];
        var parsed = ReportDescriptorParser.Parse(descriptor);
        Assert.That(parsed.Find("UPS.Voltage")!.BitSize, Is.EqualTo(16));
        Assert.That(parsed.Find("UPS.PercentLoad")!.BitSize, Is.EqualTo(8));
        Assert.That(parsed.Find("UPS.PercentLoad")!.BitOffset, Is.EqualTo(16));
        Assert.That(parsed.LengthOf(HidReportType.Feature, 2), Is.EqualTo(4));
    }

    [TestCase(new byte[] { }, "empty")]
    [TestCase(new byte[] { 0x05, 0x84, 0x09, 0x04, 0xa1, 0x01, 0x85 }, "cut short in the item at byte 6")]
    [TestCase(new byte[] { 0x05, 0x84, 0x09, 0x04, 0xa1, 0x01 }, "open collection")]
    [TestCase(new byte[] { 0xc0 }, "End Collection without a Collection at byte 0")]
    [TestCase(new byte[] { 0xb4 }, "Pop without Push at byte 0")]
    [TestCase(new byte[] { 0x85, 0x00 }, "Report ID 0 at byte 0")]
    public void A_broken_descriptor_is_refused_with_the_place_it_breaks(byte[] descriptor, string message)
    {
        var error = Assert.Throws<HidReportException>(() => ReportDescriptorParser.Parse(descriptor));
        Assert.That(error!.Message, Does.Contain(message));
    }
}
