using FracCluster.Contracts.Dicom;

namespace FracCluster.Grains.Dicom;

/// <summary>Persistent state of a <see cref="DicomStudyGrain"/>.</summary>
[GenerateSerializer, Alias("frac.DicomStudyState")]
public sealed class DicomStudyState
{
    [Id(0)] public DicomStudyResult? Study { get; set; }

    /// <summary>Patient and General Study attributes of the first instance (Explicit VR LE), copied into the report.</summary>
    [Id(1)] public byte[]? StudyAttributes { get; set; }
}
