using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NutSharp.Config;
using NutSharp.Devices;
using NutSharp.Protocol;

namespace NutSharp.Drivers;

/// <summary>
/// Everything a driver gets from the host: its ups.conf section, the device it feeds, where files
/// are, the clock and the poll interval. Tests build one with a fake clock and short intervals.
/// </summary>
public sealed class DriverContext
{
    /// <summary>NUT's default <c>pollinterval</c> (drivers/main.c): seconds between two updates.</summary>
    public const int DefaultPollIntervalSeconds = 2;

    public required Device Device { get; init; }

    public required UpsSection Section { get; init; }

    /// <summary>NUT_CONFPATH: relative port files (dummy-ups) are resolved against it.</summary>
    public string ConfPath { get; init; } = ConfigPaths.DefaultConfPath;

    /// <summary>STATEPATH: where NUT driver processes put their sockets.</summary>
    public string StatePath { get; init; } = ConfigPaths.DefaultStatePath;

    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>The clock: for waits between polls and retries, and for wall-clock time a driver reports.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Time between two polls; by default the section's <c>pollinterval</c> (see <see cref="PollIntervalSeconds"/>).</summary>
    public TimeSpan? PollIntervalOverride { get; init; }

    /// <summary>
    /// The section's <c>pollinterval</c> in whole seconds as NUT reads it (C's strtol), or
    /// <see cref="DefaultPollIntervalSeconds"/> when absent. NUT refuses to start on a value below
    /// 1; here the default is used instead (see <see cref="PollIntervalProblem"/>), so one bad
    /// option does not take the device down.
    /// </summary>
    public int PollIntervalSeconds
    {
        get
        {
            var text = Section.Option("pollinterval");
            if (text is null) return DefaultPollIntervalSeconds;
            int seconds = CNumber.StrToLongClamped(text);
            return seconds > 0 ? seconds : DefaultPollIntervalSeconds;
        }
    }

    /// <summary>A sentence for the log when <c>pollinterval</c> is set but unusable; null when fine.</summary>
    public string? PollIntervalProblem =>
        Section.Option("pollinterval") is { } text && CNumber.StrToLongClamped(text) <= 0
            ? string.Create(CultureInfo.InvariantCulture, $"invalid pollinterval '{text}'; using {DefaultPollIntervalSeconds} s")
            : null;

    public TimeSpan PollInterval => PollIntervalOverride ?? TimeSpan.FromSeconds(PollIntervalSeconds);
}
