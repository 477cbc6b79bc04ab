using FracCluster.Cluster.Tests.Infrastructure;
using FracCluster.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Streams;

namespace FracCluster.Cluster.Tests;

/// <summary>
/// The SSE results stream on the real silo host: a reader that goes away takes its stream subscription with it. A
/// subscription left behind lives on in the pub-sub store, and every later result of that scanner is then retried
/// against a client that is gone (ClientNotAvailableException in the silo log).
/// </summary>
public sealed class ResultsStreamTests(SiloAppFixture app) : IClassFixture<SiloAppFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_reader_that_disconnects_leaves_no_subscription_behind()
    {
        var stream = ResultsOf("sse-leaver");
        Assert.Empty(await stream.GetAllSubscriptionHandles());

        using (var response = await app.Operator.GetAsync("/v1/scanners/sse-leaver/results", HttpCompletionOption.ResponseHeadersRead))
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            Assert.StartsWith(": subscribed", await reader.ReadLineAsync(), StringComparison.Ordinal);
            Assert.Single(await stream.GetAllSubscriptionHandles());
        }

        await Poll.UntilAsync(async () => (await stream.GetAllSubscriptionHandles()).Count == 0, Timeout, "the reader's subscription to end");
    }

    [Fact]
    public async Task Readers_that_come_and_go_leave_only_the_ones_still_reading()
    {
        var stream = ResultsOf("sse-many");
        var responses = new List<HttpResponseMessage>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var response = await app.Operator.GetAsync("/v1/scanners/sse-many/results", HttpCompletionOption.ResponseHeadersRead);
                responses.Add(response);
                using var _ = new StreamReader(await response.Content.ReadAsStreamAsync(), leaveOpen: true);
            }
            await Poll.UntilAsync(async () => (await stream.GetAllSubscriptionHandles()).Count == 3, Timeout, "three subscriptions");
            responses[0].Dispose();
            responses[2].Dispose();
            await Poll.UntilAsync(async () => (await stream.GetAllSubscriptionHandles()).Count == 1, Timeout, "one subscription left");
        }
        finally
        {
            foreach (var response in responses)
                response.Dispose();
        }
        await Poll.UntilAsync(async () => (await stream.GetAllSubscriptionHandles()).Count == 0, Timeout, "no subscription left");
    }

    private IAsyncStream<ScanResult> ResultsOf(string scanner) =>
        app.Services.GetRequiredService<IClusterClient>().GetStreamProvider(FracStreams.Provider).GetStream<ScanResult>(StreamId.Create(FracStreams.Results, scanner));
}
