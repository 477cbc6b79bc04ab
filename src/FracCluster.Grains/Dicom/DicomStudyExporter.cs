using FracCluster.Contracts;
using FracCluster.Contracts.Dicom;
using FracCluster.Dicom.Codec;
using FracCluster.Dicom.Data;
using FracCluster.Dicom.Network;
using FracCluster.Dicom.Reports;
using FracCluster.Grains.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FracCluster.Grains.Dicom;

/// <summary>What one try to send a report gave: stored, or why not and whether trying again may help.</summary>
public sealed record DicomExportAttempt(bool Stored, bool Transient, string? Error);

/// <summary>
/// Builds a stable study's Structured Report (<see cref="StructuredReportBuilder"/>) and sends it by C-STORE to one
/// destination. One try per call; retrying, backoff and giving up belong to the study grain, which keeps them durable.
/// </summary>
public sealed partial class DicomStudyExporter(
    IOptions<DicomOptions> options,
    IOptions<DicomListenerOptions> listenerOptions,
    ILoggerFactory loggers)
{
    public const string ModelName = "FracCluster fracture classifier";

    private readonly ILogger _logger = loggers.CreateLogger<DicomStudyExporter>();
    private readonly DicomReader _reader = new(new DicomReaderOptions());

    /// <summary>
    /// The report of <paramref name="study"/>, referencing every instance the model classified; null when none was
    /// (every instance rejected): there is no finding to report.
    /// </summary>
    public DicomDataset? BuildReport(DicomStudyResult study, byte[]? studyAttributes)
    {
        var read = study.Instances
            .Where(i => i is { Status: ScanStatus.Completed, ProbabilityFractured: not null })
            .Select(i => new ReadInstance(i.Instance.SopClassUid, i.Instance.SopInstanceUid, i.Instance.SeriesInstanceUid, i.ProbabilityFractured!.Value))
            .ToList();
        if (read.Count == 0)
            return null;
        // Without the attributes (older state) the report still lands in the right study, with empty patient fields.
        var source = studyAttributes is { Length: > 0 }
            ? StudyAttributes.Read(_reader, studyAttributes)
            : new DicomDataset();
        source.SetString(DicomTags.StudyInstanceUid, DicomVR.UI, study.StudyInstanceUid);
        var result = new FractureStudyResult(source, read, ModelName, study.ModelVersion ?? "unknown",
            options.Value.FractureThreshold, study.StableAt ?? study.LastChangeAt);
        return StructuredReportBuilder.Build(result);
    }

    public async Task<DicomExportAttempt> SendAsync(DicomDestinationOptions destination, DicomDataset report, CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromSeconds(options.Value.ExportTimeoutSeconds);
        var client = new DicomClient(new DicomClientOptions
        {
            Host = destination.Host,
            Port = destination.Port,
            CallingAeTitle = listenerOptions.Value.AeTitle,
            CalledAeTitle = destination.AeTitle,
            ConnectTimeout = timeout,
            AssociationTimeout = timeout,
            ResponseTimeout = timeout,
        }, loggers.CreateLogger<DicomClient>());
        var instance = new DicomStoreInstance(
            report.GetString(DicomTags.SopClassUid)!,
            report.GetString(DicomTags.SopInstanceUid)!,
            DicomTransferSyntax.ExplicitVrLittleEndian.Uid,
            DicomWriter.WriteDataset(report, explicitVr: true));
        try
        {
            var outcome = (await client.SendAsync([instance], cancellationToken)).Single();
            if (outcome.IsStored)
                return new DicomExportAttempt(true, false, null);
            if (outcome.Failure is { } failure)
                return new DicomExportAttempt(false, failure.IsTransient, $"{failure.Failure}: {failure.Message}");
            var status = outcome.Response!.Status;
            return new DicomExportAttempt(false, status.IsTransientFailure, $"{status}{(outcome.Response.ErrorComment is { } comment ? ": " + comment : "")}");
        }
        catch (DicomNetworkException ex)
        {
            return new DicomExportAttempt(false, ex.IsTransient, $"{ex.Failure}: {ex.Message}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Anything else (a bad host name, a socket error the client did not type): worth another try, and logged.
            LogUnexpected(_logger, ex, destination.Name);
            return new DicomExportAttempt(false, true, ex.Message);
        }
    }

    [LoggerMessage(EventId = 9020, Level = LogLevel.Warning, Message = "Sending a report to {Destination} failed unexpectedly")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string destination);
}
