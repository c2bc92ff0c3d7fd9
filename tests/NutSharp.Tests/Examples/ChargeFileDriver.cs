using System.Globalization;
using NutSharp.Drivers;

namespace NutSharp.Tests.Examples;

/// <summary>
/// The smallest useful built-in driver (the example of src/NutSharp.Devices/README.md): reads a
/// battery charge from the file named by <c>port</c> every poll interval and publishes it.
/// </summary>
public sealed class ChargeFileDriver(DriverContext context) : PolledDriver(context)
{
    public override string Name => "charge-file";

    public override string InternalVersion => "0.1";

    protected override ValueTask ConnectAsync(CancellationToken cancellationToken) =>
        File.Exists(Section.Port) ? default : throw new DriverFaultException($"{Section.Port} is missing");

    protected override async ValueTask PollAsync(CancellationToken cancellationToken)
    {
        // The I/O first (a missing file is an IOException: the kit reports it and retries)...
        var text = (await File.ReadAllTextAsync(Section.Port!, cancellationToken)).Trim();
        int charge = int.Parse(text, CultureInfo.InvariantCulture);
        // ...then everything read, in one batch.
        using var update = BeginUpdate();
        update.SetInfo("battery.charge", text);
        update.SetInfo("ups.status", charge < 20 ? "OB LB" : "OL");
    }
}
