namespace FracCluster.Contracts.Dicom;

/// <summary>
/// One per Study Instance UID: groups the instances received by C-STORE, decides when the study is stable (every
/// instance final and a quiet period without news), keeps its result and sends its Structured Report to the
/// configured destinations. Idempotent: an instance told twice is one instance.
/// </summary>
[Alias("frac.IDicomStudyGrain")]
public interface IDicomStudyGrain : IGrainWithStringKey
{
    /// <summary>
    /// An instance of this study was accepted (durable, registered as scan <paramref name="scanId"/> of scanner
    /// <paramref name="scannerId"/>).
    /// <paramref name="studyAttributes"/>: its Patient and General Study modules as an Explicit VR LE data set, copied
    /// into the report.
    /// </summary>
    [Alias("InstanceAccepted")]
    Task InstanceAcceptedAsync(DicomInstanceRef instance, string scannerId, string scanId, byte[] studyAttributes);

    /// <summary>The scan of an instance of this study reached its final state.</summary>
    [Alias("InstanceCompleted")]
    Task InstanceCompletedAsync(ScanResult result);

    /// <summary>The study, or null when no instance of it was ever received.</summary>
    [Alias("Get")]
    Task<DicomStudyResult?> GetAsync();
}
