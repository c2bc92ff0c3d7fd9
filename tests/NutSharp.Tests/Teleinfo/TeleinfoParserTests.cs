using System.Text;
using NutSharp.Drivers.Teleinfo;

namespace NutSharp.Tests.Teleinfo;

public class TeleinfoParserTests
{
    private static IEnumerable<string> Fixtures => TeleinfoFixtures.Names;

    [Test]
    public void Every_fixture_is_there()
    {
        Assert.That(Fixtures.ToList(), Has.Count.EqualTo(7));
    }

    [TestCaseSource(nameof(Fixtures))]
    public void The_whole_stream_decodes_to_the_reference_events(string name)
    {
        var data = TeleinfoFixtures.Bytes(name);
        var events = TeleinfoFixtures.Parse(new TeleinfoParser(TeleinfoFixtures.Mode(name)), data, [data.Length]);
        Assert.That(events, Is.EqualTo(TeleinfoFixtures.ExpectedEvents(name)));
    }

    [TestCaseSource(nameof(Fixtures))]
    public void The_stream_byte_by_byte_decodes_to_the_reference_events(string name)
    {
        var data = TeleinfoFixtures.Bytes(name);
        var events = TeleinfoFixtures.Parse(new TeleinfoParser(TeleinfoFixtures.Mode(name)), data, Enumerable.Repeat(1, data.Length));
        Assert.That(events, Is.EqualTo(TeleinfoFixtures.ExpectedEvents(name)));
    }

    [TestCaseSource(nameof(Fixtures))]
    public void The_stream_split_anywhere_decodes_to_the_reference_events(string name)
    {
        var data = TeleinfoFixtures.Bytes(name);
        var expected = TeleinfoFixtures.ExpectedEvents(name);
        for (int split = 1; split < data.Length; split++)
        {
            var events = TeleinfoFixtures.Parse(new TeleinfoParser(TeleinfoFixtures.Mode(name)), data, [split, data.Length - split]);
            Assert.That(events, Is.EqualTo(expected), $"split at {split}");
        }
    }

    [Test]
    public void A_stream_starting_in_the_middle_of_a_frame_waits_for_the_next_frame()
    {
        var frame = TeleinfoFixtures.Bytes("historic_base_mono");
        byte[] data = [.. frame[40..], .. frame];
        var events = TeleinfoFixtures.Parse(new TeleinfoParser(TeleinfoMode.Historic), data, [data.Length]);
        Assert.That(events, Is.EqualTo(TeleinfoFixtures.ExpectedEvents("historic_base_mono")));
    }

    [Test]
    public void Bytes_with_the_parity_bit_left_in_bit_7_decode_as_without_it()
    {
        // A 7E1 line read as 8N1 (a pseudo-terminal, an adapter without 7-bit mode): even parity sets bit 7 on some bytes.
        var data = TeleinfoFixtures.Bytes("standard_mono").Select(b => (byte)(int.PopCount(b) % 2 == 1 ? b | 0x80 : b)).ToArray();
        var events = TeleinfoFixtures.Parse(new TeleinfoParser(TeleinfoMode.Standard), data, [data.Length]);
        Assert.That(events, Is.EqualTo(TeleinfoFixtures.ExpectedEvents("standard_mono")));
    }

    [Test]
    public void A_frame_whose_end_has_not_arrived_is_kept_for_the_next_call()
    {
        var data = TeleinfoFixtures.Bytes("historic_base_mono");
        var parser = new TeleinfoParser(TeleinfoMode.Historic);
        var handler = new TeleinfoFixtures.RecordingHandler();
        var buffer = new System.Buffers.ReadOnlySequence<byte>([0x55, 0x55, .. data[..^1]]);
        var rest = buffer.Slice(parser.Parse(buffer, handler));
        Assert.Multiple(() =>
        {
            Assert.That(handler.Lines, Is.Empty);
            Assert.That(rest.FirstSpan[0], Is.EqualTo(TeleinfoParser.Stx), "the garbage before the STX is consumed, the frame kept");
            Assert.That(rest.Length, Is.EqualTo(data.Length - 1));
        });
    }

    [Test]
    public void A_group_longer_than_the_limit_is_dropped_and_the_frame_goes_on()
    {
        var text = "\u0002\n" + "X" + new string('A', 130) + " 1 A\r\nIINST 007 ^\r\u0003";
        var events = TeleinfoFixtures.Parse(new TeleinfoParser(TeleinfoMode.Historic), Encoding.Latin1.GetBytes(text), [text.Length]);
        Assert.That(events[0], Does.StartWith("error group_too_long"));
        Assert.That(events[^1], Is.EqualTo("frame IINST|007|null|^|valid"));
    }

    [Test]
    public void Historic_groups_check_label_space_value_and_standard_groups_include_the_tabs()
    {
        // hardware.md §2.3's worked examples, including a space checksum and a horodate.
        var historic = "\u0002\nIINST 007 ^\r\nPTEC HP..  \r\u0003";
        var standard = "\u0002\nVTIC\t02\tJ\r\nSMAXSN\tH250115083512\t04120\t5\r\u0003";
        Assert.Multiple(() =>
        {
            Assert.That(TeleinfoFixtures.Parse(new TeleinfoParser(TeleinfoMode.Historic), Encoding.Latin1.GetBytes(historic), [historic.Length]),
                Is.EqualTo(new[] { "frame IINST|007|null|^|valid; PTEC|HP..|null| |valid" }));
            Assert.That(TeleinfoFixtures.Parse(new TeleinfoParser(TeleinfoMode.Standard), Encoding.Latin1.GetBytes(standard), [standard.Length]),
                Is.EqualTo(new[] { "frame VTIC|02|null|J|valid; SMAXSN|04120|H250115083512|5|valid" }));
        });
    }

    [Test]
    public void Groups_of_the_other_mode_are_counted_so_auto_detection_can_switch()
    {
        var parser = new TeleinfoParser(TeleinfoMode.Historic);
        var data = TeleinfoFixtures.Bytes("standard_mono");
        TeleinfoFixtures.Parse(parser, data, [data.Length]);
        Assert.Multiple(() =>
        {
            Assert.That(parser.ValidGroups, Is.Zero);
            Assert.That(parser.OtherModeGroups, Is.EqualTo(38));
        });
    }
}
