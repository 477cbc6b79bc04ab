using FracCluster.Dicom.Data;

namespace FracCluster.Dicom.Reports;

/// <summary>One instance the model read, and its P(fractured).</summary>
public sealed record ReadInstance(string SopClassUid, string SopInstanceUid, string SeriesInstanceUid, double Probability)
{
    /// <summary>The identity of an instance from its data set; throws <see cref="DicomRejectedException"/> when one is missing.</summary>
    public static ReadInstance From(DicomDataset dataset, double probability) => new(
        Required(dataset, DicomTags.SopClassUid, "SOP Class UID"),
        Required(dataset, DicomTags.SopInstanceUid, "SOP Instance UID"),
        Required(dataset, DicomTags.SeriesInstanceUid, "Series Instance UID"),
        probability);

    /// <summary>A UID (or other string) the data set must have; <see cref="DicomRejectedException"/> (MissingAttribute) without it.</summary>
    public static string Required(DicomDataset dataset, DicomTag tag, string name) =>
        dataset.GetString(tag) ?? throw new DicomRejectedException(DicomRejectionReason.MissingAttribute, $"The instance has no {name} {tag}.");
}

/// <summary>
/// A study's result as the reports carry it: every instance read with its probability, the model, and the threshold
/// above which the study is reported as fractured. <see cref="StudySource"/> is one of the study's instances: its
/// patient and study attributes are copied into the report.
/// </summary>
public sealed record FractureStudyResult(
    DicomDataset StudySource,
    IReadOnlyList<ReadInstance> Instances,
    string ModelName,
    string ModelVersion,
    double Threshold,
    DateTimeOffset ReportedAt)
{
    public ReadInstance MostSuspicious => Instances.MaxBy(i => i.Probability)
        ?? throw new InvalidOperationException("A study result needs at least one instance.");

    public bool FracturePresent => MostSuspicious.Probability >= Threshold;

    public string StudyInstanceUid => ReadInstance.Required(StudySource, DicomTags.StudyInstanceUid, "Study Instance UID");
}
