using System.Buffers;
using FracCluster.Contracts;
using FracCluster.Contracts.Dicom;
using FracCluster.Dicom;
using FracCluster.Dicom.Codec;
using FracCluster.Dicom.Data;
using FracCluster.Dicom.Network;
using FracCluster.Dicom.Reports;
using FracCluster.Grains.Intake;
using FracCluster.Grains.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FracCluster.Grains.Dicom;

/// <summary>
/// The store SCP's handler: each C-STORE goes through the same intake as <c>POST /v1/scans</c>. The SOP Instance UID is
/// the client scan id (a re-sent instance is a duplicate, another instance under the same UID a conflict), the stored
/// blob is the instance as a Part 10 file, and Success is answered only once intake said Accepted or Duplicate, i.e. the
/// bytes are stored and the scan registered, and the study grain knows the instance.
/// </summary>
public sealed partial class DicomScanIntakeHandler(
    ScanIntake intake,
    IGrainFactory grains,
    IOptions<IntakeOptions> intakeOptions,
    ILogger<DicomScanIntakeHandler> logger) : IDicomStoreHandler
{
    // Only the header is read here (values are slices, pixels are not decoded): the model's decoder renders the pixels,
    // and a bad pixel module becomes a Rejected result like a corrupt JPEG, not a refused C-STORE.
    private readonly DicomReader _reader = new(new DicomReaderOptions { Limits = new() { MaxBytes = intakeOptions.Value.MaxImageBytes } });

    public async Task<DicomStoreResult> StoreAsync(DicomStoreRequest request, CancellationToken cancellationToken)
    {
        if (request.Length > intakeOptions.Value.MaxImageBytes)
            return Refuse(request, DicomStatus.CannotUnderstand, "TooLarge", $"{request.Length} bytes; the limit is {intakeOptions.Value.MaxImageBytes}");

        var dataSet = request.DataSet.ToArray();
        byte[] file;
        DicomInstanceRef instance;
        byte[] studyAttributes;
        try
        {
            var read = _reader.ReadDataset(dataSet, request.TransferSyntaxUid);
            instance = Identify(read.Dataset, request);
            studyAttributes = StudyAttributes.Extract(read.Dataset);
            file = DicomWriter.WrapDataset(request.SopClassUid, request.SopInstanceUid, request.TransferSyntaxUid, dataSet, request.CallingAeTitle);
        }
        catch (DicomRejectedException ex)
        {
            return Refuse(request, DicomStatus.CannotUnderstand, ex.Reason.ToString(), ex.Message);
        }

        var outcome = await intake.SubmitAsync(new ScanSubmission
        {
            ScannerId = request.ScannerId,
            Image = file,
            ClientScanId = request.SopInstanceUid,
            Dicom = instance,
        }, cancellationToken);

        switch (outcome.Status)
        {
            case SubmitStatus.Accepted or SubmitStatus.Duplicate:
                try
                {
                    // Before the Success: an instance the study never heard of could let it turn stable without it.
                    // Told again on every re-send (the grain ignores repeats), so a failure here is healed by the retry.
                    await grains.GetGrain<IDicomStudyGrain>(instance.StudyInstanceUid).InstanceAcceptedAsync(instance, request.ScannerId, outcome.ScanId!, studyAttributes);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    LogStudyNotTold(logger, ex, request.SopInstanceUid, instance.StudyInstanceUid);
                    return new DicomStoreResult(DicomStatus.OutOfResources, "Stored, but the study could not be updated; send it again");
                }
                LogStored(logger, request.SopInstanceUid, request.CallingAeTitle, outcome.ScanId!, outcome.Status);
                return DicomStoreResult.Stored;
            case SubmitStatus.Busy:
                // A7xx is "try again later" to every sender: the scan was not stored, nothing to lose.
                return Refuse(request, DicomStatus.OutOfResources, outcome.Reason ?? "Busy", outcome.Message ?? "busy");
            case SubmitStatus.Conflict:
                return Refuse(request, DicomStatus.DuplicateSopInstance, "Conflict", "this SOP Instance UID was stored with other content");
            default:
                return Refuse(request, DicomStatus.CannotUnderstand, outcome.Reason ?? "Invalid", outcome.Message ?? "refused by intake");
        }
    }

    private static DicomInstanceRef Identify(DicomDataset dataset, DicomStoreRequest request)
    {
        var sopInstance = ReadInstance.Required(dataset, DicomTags.SopInstanceUid, "SOP Instance UID");
        // The command set names the instance (the idempotency key); the data set must be that instance.
        if (!string.Equals(sopInstance, request.SopInstanceUid, StringComparison.Ordinal))
            throw new DicomRejectedException(DicomRejectionReason.InvalidAttribute, $"the data set's SOP Instance UID {sopInstance} is not the C-STORE's {request.SopInstanceUid}");
        return new DicomInstanceRef
        {
            StudyInstanceUid = ReadInstance.Required(dataset, DicomTags.StudyInstanceUid, "Study Instance UID"),
            SeriesInstanceUid = ReadInstance.Required(dataset, DicomTags.SeriesInstanceUid, "Series Instance UID"),
            SopInstanceUid = sopInstance,
            SopClassUid = request.SopClassUid,
            CallingAeTitle = request.CallingAeTitle,
        };
    }

    private DicomStoreResult Refuse(DicomStoreRequest request, DicomStatus status, string reason, string message)
    {
        LogRefused(logger, request.SopInstanceUid, request.CallingAeTitle, status.ToString(), reason, message);
        return new DicomStoreResult(status, $"{reason}: {message}");
    }

    [LoggerMessage(EventId = 9001, Level = LogLevel.Debug, Message = "C-STORE {SopInstanceUid} from {CallingAe}: scan {ScanId} ({Outcome})")]
    private static partial void LogStored(ILogger logger, string sopInstanceUid, string callingAe, string scanId, SubmitStatus outcome);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Warning, Message = "C-STORE {SopInstanceUid} from {CallingAe} refused with {Status}: {Reason}: {Detail}")]
    private static partial void LogRefused(ILogger logger, string sopInstanceUid, string callingAe, string status, string reason, string detail);

    [LoggerMessage(EventId = 9003, Level = LogLevel.Warning, Message = "C-STORE {SopInstanceUid}: stored, but study {StudyInstanceUid} could not be told; answered A700 so the sender retries")]
    private static partial void LogStudyNotTold(ILogger logger, Exception exception, string sopInstanceUid, string studyInstanceUid);
}
