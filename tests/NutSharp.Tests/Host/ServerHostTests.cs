using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NutSharp.Devices;
using NutSharp.Host;
using NutSharp.Testing;
using NutSharp.Tests.Shared;

namespace NutSharp.Tests.Host;

/// <summary>The host's composition root: a front-end registered beside the NUT server reads the same store.</summary>
public class ServerHostTests
{
    /// <summary>What the HTTP front-end will be, reduced to following the feed.</summary>
    private sealed class ProbeFrontEnd(DeviceStore store) : IHostedService
    {
        public DeviceStore Store { get; } = store;

        public DeviceFeed Feed { get; private set; } = null!;

        public Task StartAsync(CancellationToken cancellationToken)
        {
            Feed = Store.Subscribe();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            Feed.Dispose();
            return Task.CompletedTask;
        }
    }

    [Test]
    public async Task A_front_end_registered_in_the_host_follows_the_store_the_drivers_feed_and_the_nut_server_reads()
    {
        var dir = Directory.CreateTempSubdirectory("nutsharp-host-").FullName;
        int port = FreePort();
        File.WriteAllText(Path.Combine(dir, "upsd.conf"), $"LISTEN 127.0.0.1 {port}\n");
        File.WriteAllText(Path.Combine(dir, "ups.conf"), "[demo]\n\tdriver = dummy-ups\n\tport = demo.dev\n");
        File.WriteAllText(Path.Combine(dir, "upsd.users"), "[admin]\n\tpassword = adminpass\n");
        File.WriteAllText(Path.Combine(dir, "demo.dev"), "ups.status: OB\nbattery.charge: 42\n");
        // The user the test runs as: the server must not switch this test process to another one.
        var options = new ServeOptions { ConfPath = dir, StatePath = dir, PidPath = dir, Foreground = 1, User = Environment.UserName };
        var config = LoadedConfiguration.Load(options);

        using var host = ServerHost.Build(options, config, RunAsUser.Resolve(options.User),
            services => services.AddSingleton<ProbeFrontEnd>().AddHostedService(sp => sp.GetRequiredService<ProbeFrontEnd>()));
        var probe = host.Services.GetRequiredService<ProbeFrontEnd>();
        await host.StartAsync();
        try
        {
            Assert.That(probe.Store, Is.SameAs(host.Services.GetRequiredService<DeviceStore>()), "one store for every front-end");
            string? charge = null;
            while (charge != "42")
            {
                var changes = await probe.Feed.ReadAsync().AsTask().WaitAsync(Wait.DefaultTimeout);
                charge = changes.LastOrDefault(c => c.Device.Name == "demo")?.Snapshot["battery.charge"] ?? charge;
            }
            using var client = new LineClient(port);
            Assert.That(client.Ask("GET VAR demo battery.charge"), Is.EqualTo("VAR demo battery.charge \"42\""), "the NUT server reads the same store");
        }
        finally
        {
            await host.StopAsync();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
