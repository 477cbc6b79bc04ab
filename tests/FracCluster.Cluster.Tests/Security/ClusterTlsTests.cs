using System.Globalization;
using System.Net;
using FracCluster.Cluster.Tests.Fakes;
using FracCluster.Cluster.Tests.Infrastructure;
using FracCluster.Contracts;
using FracCluster.Grains.Inference;
using FracCluster.Silo.Hosting;
using FracCluster.Silo.Options;
using FracCluster.Silo.Security;
using FracCluster.TestSupport.Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;

namespace FracCluster.Cluster.Tests.Security;

/// <summary>
/// A cluster with <c>Frac:Tls</c> on: two real silo hosts join each other over mutual TLS; a client without TLS, or
/// with a certificate from another CA, cannot call a grain (so cannot forge a result or load a model); a client with a
/// certificate from the cluster's CA can.
/// </summary>
public sealed class ClusterTlsTests : IAsyncLifetime
{
    private const string ClusterId = "tls-test";
    private readonly TempFolder _data = new();
    private readonly TestCertificateAuthority _clusterCa = new("FracCluster test CA");
    private readonly TestCertificateAuthority _rogueCa = new("Somebody else's CA");
    private readonly int _siloPort = FreePort.Next();
    private readonly int _gatewayPort = FreePort.Next();
    private readonly List<WebApplication> _silos = [];

    public async Task InitializeAsync()
    {
        // Silo 1 joins silo 0 (ports +1), so both directions of a silo-to-silo connection are TLS.
        foreach (var index in new[] { 0, 1 })
        {
            var app = FracSiloApp.Build(
            [
                "--urls", "http://127.0.0.1:0",
                $"--Frac:Storage:Root={_data.Path}",
                $"--Frac:Cluster:ClusterId={ClusterId}",
                $"--Frac:Cluster:SiloPort={_siloPort.ToString(CultureInfo.InvariantCulture)}",
                $"--Frac:Cluster:GatewayPort={_gatewayPort.ToString(CultureInfo.InvariantCulture)}",
                $"--Frac:Cluster:SiloIndex={index.ToString(CultureInfo.InvariantCulture)}",
                $"--Frac:Api:ApiKey={SiloAppFixture.ApiKey}",
                "--Frac:Tls:Enabled=true",
                $"--Frac:Tls:CertificatePath={_clusterCa.IssuePfx($"silo{index}")}",
                $"--Frac:Tls:CaCertificatePath={_clusterCa.CaPath}",
                "--Logging:LogLevel:Default=Warning",
            ], b => b.Services.AddSingleton<IBatchClassifierFactory>(new FakeClassifierFactory(new ClassifierProbe())));
            await app.StartAsync();
            _silos.Add(app);
        }
    }

    [Fact]
    public async Task Silos_join_over_mutual_tls_and_only_a_client_with_a_cluster_certificate_reaches_a_grain()
    {
        await using (var member = await ConnectAsync(_clusterCa.IssuePfx("scanner-gateway"), _clusterCa.CaPath))
        {
            var client = member.Services.GetRequiredService<IClusterClient>();
            var hosts = await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
            Assert.Equal(2, hosts.Count);
            // A call that crosses silos: each silo's control grain answers with its model grains.
            foreach (var silo in hosts.Keys)
                Assert.NotEmpty(await client.GetGrain<ISiloControlGrain>(silo.ToParsableString()).GetModelsAsync());
        }

        // No TLS at all: the gateway's handshake refuses it before any grain call.
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var plain = await ConnectAsync(certificatePath: null, caPath: null);
            await plain.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        });

        // TLS with a certificate the cluster's CA did not issue.
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var rogue = await ConnectAsync(_rogueCa.IssuePfx("intruder"), _rogueCa.CaPath);
            await rogue.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        });
    }

    [Fact]
    public void A_silo_whose_own_certificate_is_not_from_the_configured_ca_refuses_to_start()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ClusterCertificates.Load(new ClusterTlsOptions
        {
            Enabled = true,
            CertificatePath = _rogueCa.IssuePfx("stray-silo"),
            CaCertificatePath = _clusterCa.CaPath,
        }));
        Assert.Contains("not issued by the cluster CA", error.Message, StringComparison.Ordinal);
    }

    private async Task<ClientHost> ConnectAsync(string? certificatePath, string? caPath)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client =>
        {
            client.UseStaticClustering(new IPEndPoint(IPAddress.Loopback, _gatewayPort));
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = ClusterId;
                o.ServiceId = "fraccluster";
            });
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(1));
            if (certificatePath is not null)
            {
                var certificates = ClusterCertificates.Load(new ClusterTlsOptions { Enabled = true, CertificatePath = certificatePath, CaCertificatePath = caPath });
                client.UseTls(certificates.Apply);
            }
        });
        var host = builder.Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await host.StartAsync(timeout.Token);
        }
        catch
        {
            host.Dispose();
            throw;
        }
        return new ClientHost(host);
    }

    public async Task DisposeAsync()
    {
        foreach (var silo in Enumerable.Reverse(_silos))
        {
            await silo.StopAsync();
            await silo.DisposeAsync();
        }
        _clusterCa.Dispose();
        _rogueCa.Dispose();
        _data.Dispose();
    }

    private sealed class ClientHost(IHost host) : IAsyncDisposable
    {
        public IServiceProvider Services => host.Services;

        public async ValueTask DisposeAsync()
        {
            try
            {
                await host.StopAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception)
            {
                // A client that never connected may fail to stop cleanly; the test is about connecting.
            }
            host.Dispose();
        }
    }
}
