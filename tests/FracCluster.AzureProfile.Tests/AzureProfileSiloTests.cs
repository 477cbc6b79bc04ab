using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using FracCluster.AzureProfile.Tests.Infrastructure;
using FracCluster.Contracts;
using FracCluster.Contracts.Training;
using FracCluster.Deploy.Tests.Contracts;
using FracCluster.Grains.Telemetry;
using FracCluster.TestSupport.Azurite;

namespace FracCluster.AzureProfile.Tests;

/// <summary>The silo host on the Azure profile against Azurite: a scan end to end, one trace per scan, the metric contract.</summary>
public sealed class AzureProfileSiloTests(AzureProfileSiloTests.SiloFixture fixture) : IClassFixture<AzureProfileSiloTests.SiloFixture>
{
    private readonly InProcessSilo? _silo = fixture.Silo;
    private readonly ConcurrentBag<Activity> _activities = fixture.Activities;

    [Fact]
    public async Task A_scan_is_served_end_to_end_with_every_provider_on_Azure_storage()
    {
        var (status, scanId, _) = await ScanClient.SubmitAsync(_silo!.Http, "scanner-a", "first", TestImages.Png(1));
        Assert.Equal(HttpStatusCode.Accepted, status);

        var result = await ScanClient.FinalAsync(_silo.Http, scanId!, TimeSpan.FromMinutes(2));

        Assert.Equal(ScanStatus.Completed, result.Status);
        Assert.InRange(result.ProbabilityFractured!.Value, 0f, 1f);
        Assert.Contains(result.Label, (string[])["fractured", "not_fractured"]);
        Assert.False(string.IsNullOrEmpty(result.ModelVersion));

        // Each concern really lives in Azure storage: membership table row, grain state blob, stream queues, image blob.
        var id = _silo.Settings.ClusterId;
        var connection = fixture.ConnectionString;
        var membership = new TableServiceClient(connection).GetTableClient("OrleansSiloInstances");
        Assert.NotEmpty(membership.Query<TableEntity>(filter: $"PartitionKey eq '{id}'"));
        var state = new BlobServiceClient(connection).GetBlobContainerClient(id + "-state");
        Assert.Contains(state.GetBlobs(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, prefix: null, CancellationToken.None), b => b.Name.Contains(scanId!, StringComparison.Ordinal));
        var queues = new QueueServiceClient(connection).GetQueues(prefix: id).Select(q => q.Name).ToList();
        Assert.Equal(4, queues.Count);
        var images = new BlobServiceClient(connection).GetBlobContainerClient(id);
        Assert.Contains(images.GetBlobs(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, prefix: "scans/", CancellationToken.None), b => b.Name.Contains(scanId!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_training_run_starts_and_keeps_its_record_in_the_grain_state_container()
    {
        // No such dataset: the coordinator activates (it needs the 'training' grain storage, which the Azure profile once
        // lacked, so POST /v1/training answered 500) and records why the run failed.
        var run = await TrainingClient.StartAsync(_silo!.Http, new TrainingRunRequest { Dataset = "blob:datasets/none", Weights = TinyCheckpoint.BlobKey, Epochs = 1 });
        TrainingRunStatus? status = null;
        await Poll.UntilAsync(async () => (status = await TrainingClient.StatusAsync(_silo.Http, run.RunId)) is { IsFinal: true }, TimeSpan.FromMinutes(1), "the run to fail");

        Assert.Equal(TrainingPhase.Failed, status!.Phase);
        Assert.Contains("datasets/none", status.Error, StringComparison.Ordinal);
        var state = new BlobServiceClient(fixture.ConnectionString).GetBlobContainerClient(_silo.Settings.ClusterId + "-state");
        Assert.Contains(state.GetBlobs(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, prefix: null, CancellationToken.None), b => b.Name.Contains(run.RunId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_scans_path_from_the_API_to_its_stored_result_is_one_trace()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var traceParent = $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01";

        var (status, scanId, _) = await ScanClient.SubmitAsync(_silo!.Http, "scanner-t", "traced", TestImages.Png(2), traceParent);
        Assert.Equal(HttpStatusCode.Accepted, status);
        await ScanClient.FinalAsync(_silo.Http, scanId!, TimeSpan.FromMinutes(2));

        await Poll.UntilAsync(() => Task.FromResult(Spans(scanId!).Any(a => a.OperationName == "scan serve")), TimeSpan.FromSeconds(30), "the scan serve span");
        var spans = Spans(scanId!);
        var accept = Assert.Single(spans, a => a.OperationName == "scan accept");
        var serve = Assert.Single(spans, a => a.OperationName == "scan serve");
        Assert.Equal(traceId, accept.TraceId);
        Assert.Equal(traceId, serve.TraceId);
        Assert.Equal("Completed", serve.GetTagItem("fraccluster.scan.status"));
        // The batch is its own trace, linked to each scan it carried.
        Assert.Contains(_activities, a => a.OperationName == "batch classify" && a.Links.Any(l => l.Context.TraceId == traceId));
    }

    [Fact]
    public async Task Metrics_endpoint_exports_every_metric_of_the_deployment_contract()
    {
        var (_, good, _) = await ScanClient.SubmitAsync(_silo!.Http, "scanner-m", "good", TestImages.Png(3));
        var (_, corrupt, _) = await ScanClient.SubmitAsync(_silo.Http, "scanner-m", "corrupt", CorruptPng());
        Assert.Equal(ScanStatus.Completed, (await ScanClient.FinalAsync(_silo.Http, good!, TimeSpan.FromMinutes(2))).Status);
        Assert.Equal(ScanStatus.Rejected, (await ScanClient.FinalAsync(_silo.Http, corrupt!, TimeSpan.FromMinutes(2))).Status);

        var missing = new List<string>();
        await Poll.UntilAsync(async () =>
        {
            var text = await _silo.Http.GetStringAsync("/metrics");
            missing = [.. SiloMetricsContract.Metrics.SelectMany(m => m.SeriesNames).Where(series => !text.Contains(series, StringComparison.Ordinal))];
            return missing.Count == 0;
        }, TimeSpan.FromSeconds(30), "every contract metric on /metrics");
        Assert.Empty(missing);
    }

    /// <summary>One Azurite and one Azure-profile silo for the class, with a listener that records FracCluster spans.</summary>
    public sealed class SiloFixture : IAsyncLifetime
    {
        private readonly AzuriteFixture _azurite = new();
        private readonly TempFolder _folder = new();
        private ActivityListener? _listener;

        public ConcurrentBag<Activity> Activities { get; } = [];

        public InProcessSilo Silo { get; private set; } = null!;

        public string ConnectionString => _azurite.ConnectionString;

        public async Task InitializeAsync()
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == FracTracing.SourceName,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = Activities.Add,
            };
            ActivitySource.AddActivityListener(_listener);
            await _azurite.InitializeAsync();
            Silo = await InProcessSilo.StartAsync(_azurite.ConnectionString, "e2e", _folder.Path);
        }

        public async Task DisposeAsync()
        {
            if (Silo is not null)
                await Silo.DisposeAsync();
            _listener?.Dispose();
            await _azurite.DisposeAsync();
            _folder.Dispose();
        }
    }

    private List<Activity> Spans(string scanId) =>
        [.. _activities.Where(a => Equals(a.GetTagItem("fraccluster.scan.id"), scanId))];

    /// <summary>Starts like a PNG (passes intake's magic-bytes check) and is garbage after the signature.</summary>
    private static byte[] CorruptPng()
    {
        var bytes = new byte[256];
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        signature.CopyTo(bytes, 0);
        for (var i = signature.Length; i < bytes.Length; i++)
            bytes[i] = (byte)(i * 37);
        return bytes;
    }
}
