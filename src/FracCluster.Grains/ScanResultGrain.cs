using FracCluster.Contracts;
using FracCluster.Contracts.Dicom;
using FracCluster.Contracts.Worklist;
using FracCluster.Grains.Options;
using FracCluster.Grains.Intake;
using FracCluster.Grains.Telemetry;
using FracCluster.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Streams;

namespace FracCluster.Grains;

/// <summary>
/// The record of one scan (key = scan id). The first final result is stored and published on the scanner's
/// <c>results</c> stream exactly once; later ones (a retried batch, a late expiry, a redriven duplicate) are ignored.
/// Reaching a final state also gives the admitting silo its slot back. A scan left Pending for
/// <see cref="BatchingOptions.PendingRedriveMs"/> (its stream event lost with a silo) is published again, and after
/// <see cref="BatchingOptions.MaxRedrives"/> it is Rejected as "Unserved": an accepted scan always ends in a final state.
/// The redrive timer lives in the activation; with recovery on (<see cref="ScanRecoveryOptions"/>) a reminder also
/// brings the grain back after its own silo died, so the timer runs again somewhere.
/// </summary>
public sealed partial class ScanResultGrain(
    [PersistentState("scan", FracStorageNames.Results)] IPersistentState<ScanRecord> record,
    IOptions<BatchingOptions> options,
    IOptions<ScanRecoveryOptions> recoveryOptions,
    IBlobStore blobs,
    FracMetrics metrics,
    TimeProvider time,
    ILogger<ScanResultGrain> logger) : Grain, IScanResultGrain, IRemindable
{
    public const string RecoveryReminder = "recover";

    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(25);
    private readonly ScanRecoveryOptions _recovery = recoveryOptions.Value;
    private TaskCompletionSource<ScanResult>? _final;
    private IGrainTimer? _redrive;
    private IGrainReminder? _reminder;
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
            return new RegisterOutcome { IsNew = false, Current = existing, ExistingBlobRef = record.State.Arrived?.BlobRef };
        // The reminder first: a record without its watchdog could stay pending forever if this silo dies; a watchdog
        // without a record finds nothing and removes itself.
        if (_recovery.Enabled)
            _reminder = await this.RegisterOrUpdateReminder(RecoveryReminder, _recovery.CheckPeriod, _recovery.CheckPeriod);
        record.State.Arrived = scan;
        record.State.Result = new ScanResult
        {
            ScanId = scan.ScanId,
            ScannerId = scan.ScannerId,
            Status = ScanStatus.Pending,
            ReceivedAt = scan.ReceivedAt,
            Priority = scan.Priority,
            ImageSha256 = scan.Sha256,
            Dicom = scan.Dicom,
        };
        try
        {
            await record.WriteStateAsync();
        }
        catch
        {
            // Not stored: forget it, so a retry of the same scan is a new registration rather than a "duplicate" of
            // nothing, and reload from storage next time (the failed write may have left the ETag behind).
            record.State.Arrived = null;
            record.State.Result = null;
            DeactivateOnIdle();
            throw;
        }
        StartRedriveTimer();
        ShowOnWorklist(record.State.Result);
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
        // Whoever writes the final state (model grain, dispatcher, watchdog), it keeps the priority, image hash and DICOM
        // identity the scan came with.
        if (record.State.Arrived is { } arrived)
            result = result with { Priority = arrived.Priority, ImageSha256 = arrived.Sha256, Dicom = arrived.Dicom };
        var previous = record.State.Result;
        record.State.Result = result;
        try
        {
            await record.WriteStateAsync();
        }
        catch
        {
            record.State.Result = previous;
            DeactivateOnIdle();
            throw;
        }
        _redrive?.Dispose();
        _redrive = null;
        _final?.TrySetResult(result);
        ShowOnWorklist(result);
        TellStudy(result);
        metrics.ScanFinished(result.Status.ToString(), (result.CompletedAt ?? time.GetUtcNow()) - result.ReceivedAt);

        // The result is stored: everything after this is notification and bookkeeping, and none of it may fail the
        // caller (which would recompute the batch) or leak the admitting silo's slot.
        if (record.State.Arrived?.AdmittedBy is { } admittedBy)
        {
            try
            {
                await GrainFactory.GetGrain<ISiloControlGrain>(admittedBy).ReleaseAdmissionsAsync(1);
            }
            catch (Exception ex)
            {
                // The admitting silo is gone (its slots went with it) or unreachable.
                LogReleaseFailed(logger, ex, result.ScanId, admittedBy);
            }
        }
        try
        {
            var stream = this.GetStreamProvider(FracStreams.Provider).GetStream<ScanResult>(StreamId.Create(FracStreams.Results, result.ScannerId));
            await stream.OnNextAsync(result);
        }
        catch (Exception ex)
        {
            LogPublishFailed(logger, ex, result.ScanId);
        }
        if (_recovery.Enabled)
            await StopWatchdogAsync();
        return true;
    }

    /// <summary>The worklist is a view for people: a failure to update it must never fail the scan.</summary>
    private void ShowOnWorklist(ScanResult scan)
    {
        try
        {
            _ = GrainFactory.GetGrain<IWorklistGrain>(IWorklistGrain.Key).RecordAsync(scan);
        }
        catch (Exception ex)
        {
            LogWorklistFailed(logger, ex, scan.ScanId);
        }
    }

    /// <summary>
    /// A DICOM scan's study learns its result. Not awaited: the study grain reads scan records itself before it calls a
    /// study stable, so a lost message only delays it, and the two grains never wait on each other.
    /// </summary>
    private void TellStudy(ScanResult scan)
    {
        if (scan.Dicom is not { } dicom)
            return;
        try
        {
            _ = GrainFactory.GetGrain<IDicomStudyGrain>(dicom.StudyInstanceUid).InstanceCompletedAsync(scan);
        }
        catch (Exception ex)
        {
            LogStudyNotTold(logger, ex, scan.ScanId, dicom.StudyInstanceUid);
        }
    }

    public Task<ScanResult?> GetAsync() => Task.FromResult(record.State.Result);

    public Task<ScanArrived?> GetArrivalAsync() => Task.FromResult(record.State.Result is null ? null : record.State.Arrived);

    public async Task<bool> AttachHeatmapAsync(HeatmapBox? box)
    {
        if (record.State.Result is not { Status: ScanStatus.Completed } completed)
            return false;
        // An empty heatmap has no box: nothing to add to the record (its overlay is stored all the same).
        if (box is null || box == completed.HeatmapBox)
            return true;
        var updated = completed with { HeatmapBox = box };
        record.State.Result = updated;
        try
        {
            await record.WriteStateAsync();
        }
        catch
        {
            record.State.Result = completed;
            DeactivateOnIdle();
            throw;
        }
        ShowOnWorklist(updated);
        return true;
    }

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

    /// <summary>
    /// The watchdog's tick. Its work is to be here: a tick activates the grain wherever the cluster puts it now, and
    /// activation restarts the redrive timer for a pending scan. A final (or unknown) scan removes its watchdog.
    /// </summary>
    public async Task<EraseOutcome> EraseAsync()
    {
        if (record.State.Result is not { } result)
            return EraseOutcome.NotFound;
        if (!result.IsFinal)
            return EraseOutcome.Pending;
        if (record.State.Arrived?.BlobRef is { } image)
        {
            await blobs.DeleteAsync(ScanIds.HeatmapKey(image));
            await blobs.DeleteAsync(image);
        }
        _redrive?.Dispose();
        _redrive = null;
        await StopWatchdogAsync();
        await record.ClearStateAsync();
        _ = GrainFactory.GetGrain<IWorklistGrain>(IWorklistGrain.Key).ForgetAsync(result.ScanId);
        LogErased(logger, result.ScanId);
        DeactivateOnIdle();
        return EraseOutcome.Erased;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != RecoveryReminder)
            return;
        if (record.State is not { Arrived: not null, Result.IsFinal: false })
        {
            await StopWatchdogAsync();
            return;
        }
        StartRedriveTimer();
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
        using var activity = FracTracing.StartRedrive(arrived);
        var stream = this.GetStreamProvider(FracStreams.Provider).GetStream<ScanArrived>(StreamId.Create(FracStreams.Scans, arrived.ScannerId));
        await stream.OnNextAsync(arrived);
        metrics.Redriven();
    }

    private async Task StopWatchdogAsync()
    {
        try
        {
            _reminder ??= await this.GetReminder(RecoveryReminder);
            if (_reminder is not null)
                await this.UnregisterReminder(_reminder);
            _reminder = null;
        }
        catch (Exception ex)
        {
            // Harmless: the next tick finds the scan final and tries again.
            LogWatchdogNotStopped(logger, ex, this.GetPrimaryKeyString());
        }
    }

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Scan {ScanId} still pending; published again (redrive {Attempt})")]
    private static partial void LogRedrive(ILogger logger, string scanId, int attempt);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Error, Message = "Scan {ScanId} was never served after {Redrives} redrives; rejecting it as Unserved")]
    private static partial void LogUnserved(ILogger logger, string scanId, int redrives);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Debug, Message = "Scan {ScanId} is already {Existing}; ignored a later {Incoming}")]
    private static partial void LogIgnored(ILogger logger, string scanId, ScanStatus existing, ScanStatus incoming);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Scan {ScanId}: could not give the admission slot back to silo {Silo}")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception, string scanId, string silo);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "Scan {ScanId}: the result is stored but could not be published on the results stream")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string scanId);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Debug, Message = "Scan {ScanId}: could not update the worklist")]
    private static partial void LogWorklistFailed(ILogger logger, Exception exception, string scanId);

    [LoggerMessage(EventId = 4009, Level = LogLevel.Information, Message = "Scan {ScanId}: image, derived files and record erased")]
    private static partial void LogErased(ILogger logger, string scanId);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Debug, Message = "Scan {ScanId}: could not tell study {StudyInstanceUid} its result")]
    private static partial void LogStudyNotTold(ILogger logger, Exception exception, string scanId, string studyInstanceUid);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Debug, Message = "Scan {ScanId}: the recovery reminder could not be removed yet")]
    private static partial void LogWatchdogNotStopped(ILogger logger, Exception exception, string scanId);
}
