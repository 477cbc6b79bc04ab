using FracCluster.Cluster.Tests.Infrastructure;
using FracCluster.Contracts;
using FracCluster.Grains.Placement;
using Orleans.Runtime;

namespace FracCluster.Cluster.Tests;

public sealed class ModelPlacementTests(LightTrafficClusterFixture fixture) : IClassFixture<LightTrafficClusterFixture>
{
    [Fact]
    public async Task Each_silo_has_exactly_one_model_grain_per_device_running_on_that_silo()
    {
        foreach (var silo in fixture.Cluster.Silos)
        {
            var models = await fixture.Client.GetGrain<ISiloControlGrain>(silo.SiloAddress.ToParsableString()).GetModelsAsync();
            var model = Assert.Single(models);
            Assert.Equal("cpu", model.Device);
            Assert.True(model.Ready);
            Assert.Equal(SiloKeys.Model(silo.SiloAddress, "cpu"), model.Key);

            // The status comes from the activation itself (ILocalSiloDetails inside the grain): it runs where its key says.
            var status = await fixture.Client.GetGrain<IModelGrain>(model.Key).GetStatusAsync();
            Assert.Equal(silo.SiloAddress.ToParsableString(), status.Silo);
        }
    }

    [Fact]
    public async Task A_model_grain_keyed_for_a_silo_that_is_not_in_the_cluster_does_not_activate_elsewhere()
    {
        var ghost = SiloAddress.New(System.Net.IPAddress.Loopback, 1, 12345);
        var grain = fixture.Client.GetGrain<IModelGrain>(SiloKeys.Model(ghost, "cpu"));
        await Assert.ThrowsAnyAsync<Exception>(() => grain.GetStatusAsync());
    }
}
