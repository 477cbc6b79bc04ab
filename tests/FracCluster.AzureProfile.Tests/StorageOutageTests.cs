using System.Collections.Concurrent;
using System.Net;
using FracCluster.AzureProfile.Tests.Infrastructure;
using FracCluster.Contracts;
using FracCluster.TestSupport.Azurite;

namespace FracCluster.AzureProfile.Tests;

/// <summary>
/// Azurite stopped for a few seconds while scans flow: the API answers 503 with Retry-After while storage is down
/// (never 500, never a silent accept it would lose), every accepted scan gets its result, and the silo recovers by itself.
/// </summary>
public sealed class StorageOutageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite = new();
    private readonly TempFolder _folder = new();
    private InProcessSilo? _silo;

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        _silo = await InProcessSilo.StartAsync(_azurite.ConnectionString, "outage", _folder.Path);
    }

    [Fact]
    public async Task Storage_down_gives_503_loses_nothing_accepted_and_recovers_by_itself()
    {
        var http = _silo!.Http;
        var outcomes = new ConcurrentDictionary<string, HttpStatusCode>();
        var accepted = new ConcurrentDictionary<string, string>();
        var refusedWithoutRetryAfter = 0;
        using var stop = new CancellationTokenSource();

        // A scanner sending about 10 scans/s with client scan ids, as a real one would, for the whole test.
        var sender = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var clientId = $"s{i:D4}";
                var (status, scanId, retryAfter) = await ScanClient.SubmitAsync(http, "scanner-o", clientId, TestImages.Png(i));
                outcomes[clientId] = status;
                if (status == HttpStatusCode.Accepted)
                    accepted[clientId] = scanId!;
                else if (status == HttpStatusCode.ServiceUnavailable && retryAfter is null)
                    Interlocked.Increment(ref refusedWithoutRetryAfter);
                await Task.Delay(100);
            }
        });

        await Poll.UntilAsync(() => Task.FromResult(accepted.Count >= 15), TimeSpan.FromMinutes(2), "15 scans accepted before the outage");
        await _azurite.Server.StopAsync();
        output.WriteLine($"Azurite stopped after {accepted.Count} accepted scans");
        await Poll.UntilAsync(() => Task.FromResult(outcomes.Values.Count(s => s == HttpStatusCode.ServiceUnavailable) >= 3), TimeSpan.FromMinutes(1), "503 answers while storage is down");
        await _azurite.Server.StartAsync();
        var acceptedBeforeRecovery = accepted.Count;
        output.WriteLine($"Azurite started again; {outcomes.Values.Count(s => s == HttpStatusCode.ServiceUnavailable)} answers were 503");

        // Recovers by itself: new scans are accepted again without anyone touching the silo.
        await Poll.UntilAsync(() => Task.FromResult(accepted.Count >= acceptedBeforeRecovery + 15), TimeSpan.FromMinutes(2), "scans accepted after the outage");
        await stop.CancelAsync();
        await sender;

        // The scanner retries what was refused, with the same client scan ids.
        var refused = outcomes.Where(o => o.Value != HttpStatusCode.Accepted).Select(o => o.Key).ToList();
        foreach (var clientId in refused)
        {
            string? scanId = null;
            await Poll.UntilAsync(async () =>
            {
                var (status, id, _) = await ScanClient.SubmitAsync(http, "scanner-o", clientId, TestImages.Png(int.Parse(clientId[1..], CultureInfo.InvariantCulture)));
                scanId = id;
                return status == HttpStatusCode.Accepted;
            }, TimeSpan.FromMinutes(1), $"a retry of {clientId} to be accepted");
            accepted[clientId] = scanId!;
        }

        var results = new List<ScanResult>();
        foreach (var scanId in accepted.Values.Distinct())
            results.Add(await ScanClient.FinalAsync(http, scanId, TimeSpan.FromMinutes(3)));

        var statuses = string.Join(", ", outcomes.Values.GroupBy(s => s).Select(g => $"{(int)g.Key}: {g.Count()}"));
        output.WriteLine($"answers during the run: {statuses}; retried after 503: {refused.Count}; results: {results.Count} " +
            $"(completed {results.Count(r => r.Status == ScanStatus.Completed)}, other {results.Count(r => r.Status != ScanStatus.Completed)})");
        Assert.All(outcomes.Values, s => Assert.True(s is HttpStatusCode.Accepted or HttpStatusCode.ServiceUnavailable, $"unexpected answer {(int)s}"));
        Assert.Equal(0, refusedWithoutRetryAfter);
        Assert.Equal(accepted.Count, results.Count);
        Assert.All(results, r => Assert.Equal(ScanStatus.Completed, r.Status));
        Assert.Equal(results.Count, results.Select(r => r.ScanId).Distinct().Count());
    }

    public async Task DisposeAsync()
    {
        if (_silo is not null)
            await _silo.DisposeAsync();
        await _azurite.DisposeAsync();
        _folder.Dispose();
    }
}
