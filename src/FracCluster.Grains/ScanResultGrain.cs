using FracCluster.Contracts;
using FracCluster.Grains.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Streams;

namespace FracCluster.Grains;

/// <summary>
/// The record of one scan (key = scan id). The first final result is stored and published on the scanner's
/// <c>results</c> stream exactly once; later ones (a retried batch, a late expiry) are ignored. Reaching a final state
/// also gives the admitting silo its slot back. A scan left Pending for <see cref="BatchingOptions.PendingRedriveMs"/>
/// (its stream event lost with a silo) is published again, and after <see cref="BatchingOptions.MaxRedrives"/> it is
/// Rejected as "Unserved": an accepted scan always ends in a final state.
/// </summary>
public sealed partial class ScanResultGrain(
    [PersistentState("scan", FracStorageNames.Results)] IPersistentState<ScanRecord> record,
    IOptions<BatchingOptions> options,
    TimeProvider time,
    ILogger<ScanResultGrain> logger) : Grain, IScanResultGrain
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(25);
    private TaskCompletionSource<ScanResult>? _final;
    private IGrainTimer? _redrive;
    private int _redrives;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (record.State.Result is { IsFinal: false } && record.State.Arrived is not null)
            StartRedriveTimer();
        return Task.CompletedTask;
    }

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
        StartRedriveTimer();
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
        _redrive?.Dispose();
        _redrive = null;
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

    private void StartRedriveTimer()
    {
        var period = TimeSpan.FromMilliseconds(options.Value.PendingRedriveMs);
        _redrive ??= this.RegisterGrainTimer(RedriveAsync, period, period);
    }

    private async Task RedriveAsync(CancellationToken cancellationToken)
    {
        if (record.State.Result is not { IsFinal: false } pending || record.State.Arrived is not { } arrived)
            return;
        if (_redrives >= options.Value.MaxRedrives)
        {
            LogUnserved(logger, arrived.ScanId, _redrives);
            await CompleteAsync(pending with
            {
                Status = ScanStatus.Rejected,
                Reason = "Unserved",
                Message = $"No model served the scan after {_redrives} redrives; send it again.",
                CompletedAt = time.GetUtcNow(),
            });
            return;
        }
        _redrives++;
        LogRedrive(logger, arrived.ScanId, _redrives);
        var stream = this.GetStreamProvider(FracStreams.Provider).GetStream<ScanArrived>(StreamId.Create(FracStreams.Scans, arrived.ScannerId));
        await stream.OnNextAsync(arrived);
    }

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Scan {ScanId} still pending; published again (redrive {Attempt})")]
    private static partial void LogRedrive(ILogger logger, string scanId, int attempt);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Error, Message = "Scan {ScanId} was never served after {Redrives} redrives; rejecting it as Unserved")]
    private static partial void LogUnserved(ILogger logger, string scanId, int redrives);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Debug, Message = "Scan {ScanId} is already {Existing}; ignored a later {Incoming}")]
    private static partial void LogIgnored(ILogger logger, string scanId, ScanStatus existing, ScanStatus incoming);
}
