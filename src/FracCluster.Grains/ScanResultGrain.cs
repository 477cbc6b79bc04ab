using FracCluster.Contracts;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Streams;

namespace FracCluster.Grains;

/// <summary>
/// The record of one scan (key = scan id). The first final result is stored and published on the scanner's
/// <c>results</c> stream exactly once; later ones (a retried batch, a late expiry) are ignored. Reaching a final state
/// also gives the admitting silo its slot back.
/// </summary>
public sealed partial class ScanResultGrain(
    [PersistentState("scan", FracStorageNames.Results)] IPersistentState<ScanRecord> record,
    ILogger<ScanResultGrain> logger) : Grain, IScanResultGrain
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(25);
    private TaskCompletionSource<ScanResult>? _final;

    public async Task<RegisterOutcome> RegisterAsync(ScanArrived scan)
    {
        if (record.State.Result is { } existing)
            return new RegisterOutcome { IsNew = false, Current = existing };
        record.State.Arrived = scan;
        record.State.Result = new ScanResult
        {
            ScanId = scan.ScanId,
            ScannerId = scan.ScannerId,
            Status = ScanStatus.Pending,
            ReceivedAt = scan.ReceivedAt,
        };
        await record.WriteStateAsync();
        return new RegisterOutcome { IsNew = true, Current = record.State.Result };
    }

    public async Task<bool> CompleteAsync(ScanResult result)
    {
        if (!result.IsFinal)
            throw new ArgumentException($"Scan {result.ScanId}: only a final result can complete a scan (got {result.Status}).", nameof(result));
        if (record.State.Result is { IsFinal: true } already)
        {
            LogIgnored(logger, result.ScanId, already.Status, result.Status);
            return false;
        }
        record.State.Result = result;
        await record.WriteStateAsync();
        _final?.TrySetResult(result);

        var stream = this.GetStreamProvider(FracStreams.Provider).GetStream<ScanResult>(StreamId.Create(FracStreams.Results, result.ScannerId));
        await stream.OnNextAsync(result);
        if (record.State.Arrived?.AdmittedBy is { } admittedBy)
            await GrainFactory.GetGrain<ISiloControlGrain>(admittedBy).ReleaseAdmissionsAsync(1);
        return true;
    }

    public Task<ScanResult?> GetAsync() => Task.FromResult(record.State.Result);

    public async Task<ScanResult?> WaitAsync(TimeSpan timeout)
    {
        if (record.State.Result is null or { IsFinal: true })
            return record.State.Result;
        _final ??= new TaskCompletionSource<ScanResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var wait = timeout < MaxWait ? timeout : MaxWait;
        try
        {
            return await _final.Task.WaitAsync(wait);
        }
        catch (TimeoutException)
        {
            return record.State.Result;
        }
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Debug, Message = "Scan {ScanId} is already {Existing}; ignored a later {Incoming}")]
    private static partial void LogIgnored(ILogger logger, string scanId, ScanStatus existing, ScanStatus incoming);
}
