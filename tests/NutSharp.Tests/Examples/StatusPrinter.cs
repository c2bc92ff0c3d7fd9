using NutSharp.Devices;

namespace NutSharp.Tests.Examples;

/// <summary>
/// The smallest front-end (the example of src/NutSharp.Devices/README.md): follows the store's
/// change feed and writes a line whenever a UPS's status changes. In the server it would be a
/// hosted service taking the <see cref="DeviceStore"/> from dependency injection.
/// </summary>
public sealed class StatusPrinter(DeviceStore store, TextWriter output)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var feed = store.Subscribe();
        await foreach (var change in feed.ReadAllAsync(cancellationToken))
        {
            if (change is VariableChanged { Name: "ups.status" } status)
                await output.WriteLineAsync($"{status.Device.Name}: {status.OldValue ?? "-"} -> {status.NewValue ?? "-"}");
        }
    }
}
