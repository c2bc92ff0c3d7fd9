using Microsoft.Extensions.Logging;
using NutSharp.Host.Logging;

namespace NutSharp.Tests.Host;

/// <summary>The records NutSharp puts on /dev/log and the journal's stream.</summary>
public class SyslogRecordTests
{
    private static readonly DateTimeOffset MorningOfTheThird = new(2026, 12, 3, 9, 5, 7, 123, TimeSpan.Zero);

    [Test]
    public void The_traditional_record_is_what_glibc_syslog_sends_for_upsd()
    {
        // <facility daemon (3) * 8 + LOG_INFO (6)>, "%h %e %T" (day padded with a space), ident[pid]: text
        string record = SyslogRecord.Traditional(6, MorningOfTheThird, "upsd", 4242, "listening on 127.0.0.1:3493");
        Assert.That(record, Is.EqualTo("<30>Dec  3 09:05:07 upsd[4242]: listening on 127.0.0.1:3493"));
    }

    [Test]
    public void The_rfc5424_record_has_version_timestamp_host_app_and_pid()
    {
        string record = SyslogRecord.Rfc5424(3, MorningOfTheThird, "nas", "nutsharp", 4242, "reload abandoned");
        Assert.That(record, Is.EqualTo("<27>1 2026-12-03T09:05:07.123000+00:00 nas nutsharp 4242 - - reload abandoned"));
    }

    [Test]
    public void A_message_with_line_breaks_stays_one_syslog_record()
    {
        string record = SyslogRecord.Traditional(4, MorningOfTheThird, "upsd", 1, "first\nsecond");
        Assert.That(record, Does.EndWith("upsd[1]: first second"));
    }

    [TestCase(LogLevel.Critical, 2)]
    [TestCase(LogLevel.Error, 3)]
    [TestCase(LogLevel.Warning, 4)]
    [TestCase(LogLevel.Information, 6)]
    [TestCase(LogLevel.Debug, 7)]
    [TestCase(LogLevel.Trace, 7)]
    public void Log_levels_map_to_the_syslog_severities_upsd_uses(LogLevel level, int severity) =>
        Assert.That(SyslogRecord.Severity(level), Is.EqualTo(severity));

    [Test]
    public void Every_line_written_to_the_journal_stream_carries_its_priority()
    {
        Assert.That(JournalSink.Format(LogLevel.Error, "cannot listen\non ::1"), Is.EqualTo("<3>cannot listen\n<3>on ::1\n"));
        Assert.That(JournalSink.Format(LogLevel.Information, "serving 2 device(s)"), Is.EqualTo("<6>serving 2 device(s)\n"));
    }

    [Test]
    public void Debug_messages_carry_upsds_debug_level_marker()
    {
        Assert.That(LineLoggerProvider.Text(LogLevel.Debug, "running as user nut", null), Is.EqualTo("[D1] running as user nut"));
        Assert.That(LineLoggerProvider.Text(LogLevel.Trace, "read 12 bytes", null), Is.EqualTo("[D2] read 12 bytes"));
        Assert.That(LineLoggerProvider.Text(LogLevel.Warning, "accept failed", new IOException("gone")), Is.EqualTo("accept failed: IOException: gone"));
    }

    [Test]
    public void Lines_serve_writes_to_the_journal_itself_are_errors_or_warnings()
    {
        var journal = new StringWriter();
        var writer = new JournalPriorityWriter(journal);
        writer.WriteLine("nutsharp: warning: ups.conf:3: unknown flag");
        writer.Write("nutsharp: Fatal error: at least one UPS must be defined");
        Assert.That(journal.ToString(), Is.EqualTo("<4>nutsharp: warning: ups.conf:3: unknown flag\n"), "a line is written once it is complete");
        writer.WriteLine();
        Assert.That(journal.ToString(), Does.EndWith("<3>nutsharp: Fatal error: at least one UPS must be defined\n"));
    }
}
