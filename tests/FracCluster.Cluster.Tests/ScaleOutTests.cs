using FracCluster.Cluster.Tests.Infrastructure;
using FracCluster.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace FracCluster.Cluster.Tests;

/// <summary>A silo added while scanners stream (an autoscaler's new pod) takes a share of the work at light load.</summary>
public sealed class ScaleOutTests(ScaleOutClusterFixture fixture) : IClassFixture<ScaleOutClusterFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    // Consumers are placed at random: with 24 scanners over 3 silos, the chance that none lands on the newcomer is
    // (2/3)^24, about 6e-5.
    private const int Scanners = 24;

    [Fact]
    public async Task A_silo_that_joins_while_scanners_stream_classifies_a_share_of_their_scans()
    {
        await using var driver = new ScanDriver(fixture.Client);
        var scanners = Enumerable.Range(0, Scanners).Select(i => $"scale-{i:D2}").ToArray();
        await driver.ListenAsync(scanners);
        var sent = new List<string>();

        // Every scanner's stream consumer is active on one of the first two silos before the third joins.
        sent.AddRange(await SendRoundAsync(driver, scanners, 0));
        await driver.WaitAllAsync(sent, Timeout);

        var joined = await fixture.Cluster.StartAdditionalSiloAsync();
        var newcomer = joined.SiloAddress.ToParsableString();
        await Poll.UntilAsync(async () => (await fixture.ModelsAsync()).Any(m => m.Silo == newcomer && m.Ready), Timeout, "the new silo's model grain to be ready");
        // Consumers move once their silo can place grains on the newcomer (active in membership and its manifest
        // fetched); the consumer itself checks both, so this wait only keeps the rounds from being spent before then.
        await Poll.UntilAsync(() => Task.FromResult(fixture.Cluster.Silos.All(s =>
            s.SiloHost.Services.GetRequiredService<IClusterMembershipService>().CurrentSnapshot.GetSiloStatus(joined.SiloAddress) == SiloStatus.Active
            && s.SiloHost.Services.GetRequiredService<IClusterManifestProvider>().Current.Silos.ContainsKey(joined.SiloAddress))),
            Timeout, "every silo to see the new silo as active and to hold its manifest");

        for (var round = 1; round <= 4; round++)
        {
            var ids = await SendRoundAsync(driver, scanners, round);
            await driver.WaitAllAsync(ids, Timeout);
            sent.AddRange(ids);
        }

        var models = await fixture.ModelsAsync();
        var served = models.Where(m => m.Silo == newcomer).Sum(m => m.ImagesServed);
        Assert.True(served > 0, $"the silo that joined classified no scan; {await DescribeAsync(models, newcomer)}");
        var results = await driver.WaitAllAsync(sent, Timeout);
        Assert.All(results, r => Assert.Equal(ScanStatus.Completed, r.Status));
        Assert.Equal(sent.Count, sent.Distinct().Count());
    }

    /// <summary>Where consumers and served images are, so a failure says which half of the path missed the newcomer.</summary>
    private async Task<string> DescribeAsync(IReadOnlyList<ModelStatus> models, string newcomer)
    {
        var stats = await fixture.Client.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        var consumers = stats.Where(s => s.GrainType.Contains(nameof(FracCluster.Grains.ScanConsumerGrain), StringComparison.Ordinal))
            .Select(s => $"{s.SiloAddress.ToParsableString()}={s.ActivationCount}");
        var servedBy = models.Select(m => $"{m.Silo}={m.ImagesServed}");
        return $"newcomer {newcomer}; consumer activations [{string.Join(", ", consumers)}]; images served [{string.Join(", ", servedBy)}]";
    }

    private static Task<string[]> SendRoundAsync(ScanDriver driver, string[] scanners, int round) =>
        Task.WhenAll(scanners.Select((s, i) => driver.SubmitAsync(s, TestImages.Png((byte)(round * Scanners + i)))));
}
