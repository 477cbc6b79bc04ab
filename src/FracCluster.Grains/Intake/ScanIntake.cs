using System.Security.Cryptography;
using FracCluster.Contracts;
using FracCluster.Grains.Batching;
using FracCluster.Grains.Options;
using FracCluster.Grains.Telemetry;
using FracCluster.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Streams;

namespace FracCluster.Grains.Intake;

/// <summary>
/// Accepts a scan (claim-check): checks size and magic bytes, takes an admission slot, writes the bytes to the blob
/// store, records the scan as Pending in its result grain and publishes a small <see cref="ScanArrived"/> on the
/// <c>scans</c> stream. Used by <c>POST /v1/scans</c> and by <see cref="IScanIntakeGrain"/>.
/// </summary>
public sealed partial class ScanIntake(
    IBlobStore blobs,
    IClusterClient client,
    ScanAdmission admission,
    ClusterLoadView load,
    ILocalSiloDetails silo,
    FracMetrics metrics,
    IOptions<IntakeOptions> intakeOptions,
    IOptions<BatchingOptions> batchingOptions,
    IOptions<ScanRecoveryOptions> recoveryOptions,
    TimeProvider time,
    ILogger<ScanIntake> logger)
{
    private readonly IntakeOptions _intake = intakeOptions.Value;
    private readonly BatchingOptions _batching = batchingOptions.Value;

    public async Task<SubmitOutcome> SubmitAsync(ScanSubmission submission, CancellationToken cancellationToken = default)
    {
        using var activity = FracTracing.StartAccept(submission.ScannerId);
        var invalid = Check(submission);
        if (invalid is not null)
        {
            metrics.Refused(invalid.Reason!);
            return invalid;
        }

        var scanId = ScanIds.For(submission.ScannerId, submission.ClientScanId);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(submission.Image));
        var record = client.GetGrain<IScanResultGrain>(scanId);
        if (submission.ClientScanId is not null)
        {
            ScanResult? known;
            try
            {
                known = await record.GetAsync();
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // The record cannot be read (storage down): nothing was accepted, so the scanner may simply retry.
                LogIntakeFailed(logger, ex, scanId, submission.ScannerId);
                metrics.Refused("Unavailable");
                return Unavailable(null);
            }
            if (known is not null)
                return Retried(submission, known, sha256);
        }

        var deadlineMs = submission.DeadlineMilliseconds ?? _batching.ScanDeadlineMs;
        if (deadlineMs is { } deadline && _batching.RefuseUnmeetableDeadlines)
        {
            var refusal = await CheckDeadlineAsync(submission, deadline, cancellationToken);
            if (refusal is not null)
                return refusal;
        }

        if (!admission.TryAdmit())
        {
            metrics.Refused("Busy");
            LogBusy(logger, submission.ScannerId, admission.Admitted, admission.Capacity);
            return new SubmitOutcome
            {
                Status = SubmitStatus.Busy,
                Reason = "Busy",
                Message = $"This silo has {admission.Admitted} scans in progress (capacity {admission.Capacity}); retry shortly.",
                RetryAfterSeconds = 1,
            };
        }

        // From here the slot is ours until the scan is registered (then its result grain gives it back when the scan
        // ends); every other way out, a client that hung up mid-upload included, returns it in the finally below.
        var registered = false;
        // Bytes stored that certainly no record refers to. Not set while registration's outcome is unknown (a call that
        // failed may still have registered the scan with these bytes, and deleting them would lose an accepted image).
        string? orphan = null;
        try
        {
            var now = time.GetUtcNow();
            // The content hash is part of the key, so bytes sent under a taken client scan id can never overwrite the
            // image of the scan that holds it (a race the early check above cannot close).
            var blobRef = ScanIds.BlobKey(_intake.BlobPrefix, now, scanId, sha256);
            await blobs.PutAsync(blobRef, submission.Image, cancellationToken);
            orphan = blobRef;
            var arrived = new ScanArrived
            {
                ScanId = scanId,
                BlobRef = blobRef,
                ScannerId = submission.ScannerId,
                ReceivedAt = now,
                Sha256 = sha256,
                Deadline = deadlineMs is { } ms ? now.AddMilliseconds(ms) : null,
                AdmittedBy = silo.SiloAddress.ToParsableString(),
                SizeBytes = submission.Image.Length,
                TraceParent = FracTracing.CurrentTraceParent,
                Priority = submission.Priority,
                Dicom = submission.Dicom,
            };
            activity?.SetTag("fraccluster.scan.id", scanId);

            orphan = null;
            var outcome = await record.RegisterAsync(arrived);
            if (!outcome.IsNew)
            {
                // Another attempt registered first. Its blob is the one the scan uses; ours goes unless it is that one.
                if (outcome.ExistingBlobRef != blobRef)
                    orphan = blobRef;
                return Retried(submission, outcome.Current, sha256);
            }
            registered = true;

            var stream = client.GetStreamProvider(FracStreams.Provider)
                .GetStream<ScanArrived>(StreamId.Create(FracStreams.Scans, submission.ScannerId));
            try
            {
                await stream.OnNextAsync(arrived);
            }
            catch (Exception ex) when (recoveryOptions.Value.Enabled && ex is not OperationCanceledException)
            {
                // The bytes and the pending record (with its redrive reminder) are stored: the scan is durable, and the
                // watchdog puts it on the stream once the stream is back. Accepting it is the truthful answer.
                LogPublishDeferred(logger, ex, scanId, submission.ScannerId);
            }
            metrics.Accepted();
            return new SubmitOutcome { Status = SubmitStatus.Accepted, ScanId = scanId };
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogIntakeFailed(logger, ex, scanId, submission.ScannerId);
            if (registered)
            {
                // Recorded but never queued: give it a final state so it cannot sit Pending forever; that also frees the slot.
                try
                {
                    await record.CompleteAsync(new ScanResult
                    {
                        ScanId = scanId,
                        ScannerId = submission.ScannerId,
                        Status = ScanStatus.Rejected,
                        Reason = "Unavailable",
                        Message = "The scan could not be queued; send it again.",
                        ReceivedAt = time.GetUtcNow(),
                        CompletedAt = time.GetUtcNow(),
                    });
                }
                catch (Exception completeFailure)
                {
                    // Storage is down as well; the scanner is told to retry (503) and the record stays pending.
                    LogIntakeFailed(logger, completeFailure, scanId, submission.ScannerId);
                }
            }
            metrics.Refused("Unavailable");
            return Unavailable(registered ? scanId : null);
        }
        finally
        {
            if (!registered)
                admission.Release(1);
            if (orphan is not null)
                await DeleteOrphanAsync(orphan, scanId);
        }
    }

    /// <summary>
    /// The answer to a submission whose client scan id is already registered: the same bytes are a retry (duplicate,
    /// nothing queued twice); different bytes are a conflict, never the first image's result.
    /// </summary>
    private SubmitOutcome Retried(ScanSubmission submission, ScanResult known, string sha256)
    {
        // Records made before the hash was kept cannot be compared; they keep the old duplicate answer.
        if (known.ImageSha256 is null || string.Equals(known.ImageSha256, sha256, StringComparison.Ordinal))
            return new SubmitOutcome { Status = SubmitStatus.Duplicate, ScanId = known.ScanId };
        metrics.Refused("Conflict");
        LogConflict(logger, submission.ScannerId, known.ScanId);
        return new SubmitOutcome
        {
            Status = SubmitStatus.Conflict,
            ScanId = known.ScanId,
            Reason = "Conflict",
            Message = $"Client scan id '{submission.ClientScanId}' of scanner '{submission.ScannerId}' already names scan {known.ScanId}, received {known.ReceivedAt:O} with different image bytes. Send this image under a new client scan id.",
        };
    }

    /// <summary>Bytes stored for a scan that was then not registered: nothing refers to them, so they go (best effort, logged).</summary>
    private async Task DeleteOrphanAsync(string blobRef, string scanId)
    {
        try
        {
            await blobs.DeleteAsync(blobRef, CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogOrphanLeft(logger, ex, blobRef, scanId);
        }
    }

    /// <summary>
    /// Refuses a scan whose deadline the cluster cannot meet given the work ahead of it, before anything is stored. No
    /// estimate (no device has measured a batch yet) or a cluster view that cannot be read accepts the scan: the
    /// deadline is still enforced later, as Expired.
    /// </summary>
    private async Task<SubmitOutcome?> CheckDeadlineAsync(ScanSubmission submission, int deadlineMs, CancellationToken cancellationToken)
    {
        double? estimate;
        try
        {
            estimate = ServiceTimeEstimator.EstimateMilliseconds(await load.SnapshotAsync(cancellationToken), submission.Priority, _batching.MaxBatchSize);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogNoEstimate(logger, ex, submission.ScannerId);
            return null;
        }
        if (estimate is not { } ms || ms <= deadlineMs)
            return null;
        metrics.Refused("DeadlineUnmeetable");
        LogDeadlineUnmeetable(logger, submission.ScannerId, submission.Priority, deadlineMs, ms);
        return new SubmitOutcome
        {
            Status = SubmitStatus.Busy,
            Reason = "DeadlineUnmeetable",
            Message = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"A {submission.Priority.ToString().ToLowerInvariant()} scan sent now would have its result in about {ms:0} ms given the work ahead of it; its deadline is {deadlineMs} ms."),
            RetryAfterSeconds = (int)Math.Clamp(Math.Ceiling((ms - deadlineMs) / 1000.0), 1, 3600),
            EstimatedMilliseconds = Math.Round(ms, 1),
        };
    }

    private static SubmitOutcome Unavailable(string? scanId) => new()
    {
        Status = SubmitStatus.Busy,
        ScanId = scanId,
        Reason = "Unavailable",
        Message = "The scan could not be stored or queued; retry shortly.",
        RetryAfterSeconds = 2,
    };

    private SubmitOutcome? Check(ScanSubmission submission)
    {
        if (!ScanIds.IsValidName(submission.ScannerId))
            return SubmitOutcome.Invalid("BadScannerId", "A scanner id is required: 1-128 letters, digits, '.', '_' or '-'.");
        if (submission.ClientScanId is not null && !ScanIds.IsValidName(submission.ClientScanId))
            return SubmitOutcome.Invalid("BadClientScanId", "A client scan id must be 1-128 letters, digits, '.', '_' or '-'.");
        if (!Enum.IsDefined(submission.Priority))
            return SubmitOutcome.Invalid("BadPriority", $"Priority {(int)submission.Priority} is neither routine nor urgent.");
        if (submission.DeadlineMilliseconds is <= 0)
            return SubmitOutcome.Invalid("BadDeadline", "A deadline must be a positive number of milliseconds.");
        if (submission.Image.Length == 0)
            return SubmitOutcome.Invalid("Empty", "The image is empty (0 bytes).");
        if (submission.Image.Length > _intake.MaxImageBytes)
            return SubmitOutcome.Invalid("TooLarge", $"The image has {submission.Image.Length} bytes; the limit is {_intake.MaxImageBytes}.");
        if (ImageMagic.Detect(submission.Image) is null)
            return SubmitOutcome.Invalid("NotAnImage", "The body does not start like a JPEG, PNG, GIF, BMP, TIFF or WebP image or a DICOM Part 10 file.");
        return null;
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Refused a scan from {ScannerId}: {Admitted}/{Capacity} scans in progress on this silo")]
    private static partial void LogBusy(ILogger logger, string scannerId, int admitted, int capacity);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Scan {ScanId} from {ScannerId} is stored but could not be queued; the recovery watchdog will queue it")]
    private static partial void LogPublishDeferred(ILogger logger, Exception exception, string scanId, string scannerId);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Refused a {Priority} scan from {ScannerId}: deadline {DeadlineMs} ms, estimated {EstimatedMs:F0} ms")]
    private static partial void LogDeadlineUnmeetable(ILogger logger, string scannerId, ScanPriority priority, int deadlineMs, double estimatedMs);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "No service-time estimate for a scan from {ScannerId}; accepted without the deadline check")]
    private static partial void LogNoEstimate(ILogger logger, Exception exception, string scannerId);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "Refused a scan from {ScannerId}: its client scan id names scan {ScanId}, which has different image bytes")]
    private static partial void LogConflict(ILogger logger, string scannerId, string scanId);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Warning, Message = "Could not delete {BlobRef}, stored for scan {ScanId} that was not registered; it stays in the store")]
    private static partial void LogOrphanLeft(ILogger logger, Exception exception, string blobRef, string scanId);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error, Message = "Could not accept scan {ScanId} from {ScannerId}")]
    private static partial void LogIntakeFailed(ILogger logger, Exception exception, string scanId, string scannerId);
}
