using System.Security.Cryptography;
using FracCluster.Contracts;
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
    ILocalSiloDetails silo,
    FracMetrics metrics,
    IOptions<IntakeOptions> intakeOptions,
    IOptions<BatchingOptions> batchingOptions,
    TimeProvider time,
    ILogger<ScanIntake> logger)
{
    private readonly IntakeOptions _intake = intakeOptions.Value;
    private readonly BatchingOptions _batching = batchingOptions.Value;

    public async Task<SubmitOutcome> SubmitAsync(ScanSubmission submission, CancellationToken cancellationToken = default)
    {
        var invalid = Check(submission);
        if (invalid is not null)
        {
            metrics.Refused(invalid.Reason!);
            return invalid;
        }

        var scanId = ScanIds.For(submission.ScannerId, submission.ClientScanId);
        var record = client.GetGrain<IScanResultGrain>(scanId);
        if (submission.ClientScanId is not null && await record.GetAsync() is { } known)
            return new SubmitOutcome { Status = SubmitStatus.Duplicate, ScanId = known.ScanId };

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

        var registered = false;
        try
        {
            var now = time.GetUtcNow();
            var blobRef = $"{_intake.BlobPrefix.TrimEnd('/')}/{now:yyyy/MM/dd}/{scanId}";
            await blobs.PutAsync(blobRef, submission.Image, cancellationToken);
            var deadlineMs = submission.DeadlineMilliseconds ?? _batching.ScanDeadlineMs;
            var arrived = new ScanArrived
            {
                ScanId = scanId,
                BlobRef = blobRef,
                ScannerId = submission.ScannerId,
                ReceivedAt = now,
                Sha256 = Convert.ToHexStringLower(SHA256.HashData(submission.Image)),
                Deadline = deadlineMs is { } ms ? now.AddMilliseconds(ms) : null,
                AdmittedBy = silo.SiloAddress.ToParsableString(),
                SizeBytes = submission.Image.Length,
            };

            var outcome = await record.RegisterAsync(arrived);
            if (!outcome.IsNew)
            {
                admission.Release(1);
                return new SubmitOutcome { Status = SubmitStatus.Duplicate, ScanId = scanId };
            }
            registered = true;

            var stream = client.GetStreamProvider(FracStreams.Provider)
                .GetStream<ScanArrived>(StreamId.Create(FracStreams.Scans, submission.ScannerId));
            await stream.OnNextAsync(arrived);
            metrics.Accepted();
            return new SubmitOutcome { Status = SubmitStatus.Accepted, ScanId = scanId };
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogIntakeFailed(logger, ex, scanId, submission.ScannerId);
            if (registered)
            {
                // Recorded but never queued: give it a final state so it cannot sit Pending forever; that also frees the slot.
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
            else
            {
                admission.Release(1);
            }
            metrics.Refused("Unavailable");
            return new SubmitOutcome
            {
                Status = SubmitStatus.Busy,
                ScanId = registered ? scanId : null,
                Reason = "Unavailable",
                Message = "The scan could not be stored or queued; retry shortly.",
                RetryAfterSeconds = 2,
            };
        }
    }

    private SubmitOutcome? Check(ScanSubmission submission)
    {
        if (!ScanIds.IsValidName(submission.ScannerId))
            return SubmitOutcome.Invalid("BadScannerId", "A scanner id is required: 1-128 letters, digits, '.', '_' or '-'.");
        if (submission.ClientScanId is not null && !ScanIds.IsValidName(submission.ClientScanId))
            return SubmitOutcome.Invalid("BadClientScanId", "A client scan id must be 1-128 letters, digits, '.', '_' or '-'.");
        if (submission.DeadlineMilliseconds is <= 0)
            return SubmitOutcome.Invalid("BadDeadline", "A deadline must be a positive number of milliseconds.");
        if (submission.Image.Length == 0)
            return SubmitOutcome.Invalid("Empty", "The image is empty (0 bytes).");
        if (submission.Image.Length > _intake.MaxImageBytes)
            return SubmitOutcome.Invalid("TooLarge", $"The image has {submission.Image.Length} bytes; the limit is {_intake.MaxImageBytes}.");
        if (ImageMagic.Detect(submission.Image) is null)
            return SubmitOutcome.Invalid("NotAnImage", "The body does not start like a JPEG, PNG, GIF, BMP, TIFF or WebP image.");
        return null;
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Refused a scan from {ScannerId}: {Admitted}/{Capacity} scans in progress on this silo")]
    private static partial void LogBusy(ILogger logger, string scannerId, int admitted, int capacity);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error, Message = "Could not accept scan {ScanId} from {ScannerId}")]
    private static partial void LogIntakeFailed(ILogger logger, Exception exception, string scanId, string scannerId);
}
