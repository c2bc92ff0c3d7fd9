namespace NutSharp.Drivers.Teleinfo;

/// <summary>
/// Auto mode: decides when to try the other mode (historic 1200 baud ↔ standard 9600 baud). At the
/// wrong speed an adapter delivers garbage and no group passes its checksum, so the mode is switched
/// after <paramref name="detectAfter"/> without a valid group; sooner when groups arrive that are
/// valid in the other mode (the right bytes, read with the wrong rules: an adapter or a
/// pseudo-terminal that ignores the speed). A meter that sends nothing at all causes no switching.
/// </summary>
public sealed class TeleinfoModeDetector(TimeProvider time, TimeSpan detectAfter)
{
    /// <summary>Groups valid in the other mode, in a row, that make the switch at once.</summary>
    public const int OtherModeGroupsToSwitch = 2;

    private long _validSeen;
    private long _otherSeen;
    private long _since = time.GetTimestamp();

    /// <summary>Starts counting afresh (after a switch, or on a newly opened port).</summary>
    public void Restart(TeleinfoParser parser)
    {
        _validSeen = parser.ValidGroups;
        _otherSeen = parser.OtherModeGroups;
        _since = time.GetTimestamp();
    }

    /// <summary>Looks at the parser after a parse: true when the other mode should be tried now.</summary>
    public bool ShouldSwitch(TeleinfoParser parser)
    {
        if (parser.ValidGroups != _validSeen)
        {
            Restart(parser);
            return false;
        }
        return parser.OtherModeGroups - _otherSeen >= OtherModeGroupsToSwitch || time.GetElapsedTime(_since) >= detectAfter;
    }
}
