using System.Globalization;
using FracCluster.Dicom.Codec;
using FracCluster.Dicom.Data;

namespace FracCluster.Dicom.Reports;

/// <summary>What every object we add to a study shares: the source's patient and study, a new series, our equipment.</summary>
internal static class DerivedInstance
{
    // Patient and General Study modules (PS3.3 C.7.1.1, C.7.2.1); Type 2 ones are written empty when the source lacks them.
    internal static readonly DicomTag[] PatientAndStudy =
    [
        DicomTags.SpecificCharacterSet, DicomTags.PatientName, DicomTags.PatientId, DicomTags.PatientBirthDate, DicomTags.PatientSex,
        DicomTags.StudyInstanceUid, DicomTags.StudyDate, DicomTags.StudyTime, DicomTags.ReferringPhysicianName, DicomTags.StudyId,
        DicomTags.AccessionNumber, DicomTags.StudyDescription,
    ];

    private static readonly (DicomTag Tag, DicomVR VR)[] TypeTwo =
    [
        (DicomTags.PatientName, DicomVR.PN), (DicomTags.PatientId, DicomVR.LO), (DicomTags.PatientBirthDate, DicomVR.DA),
        (DicomTags.PatientSex, DicomVR.CS), (DicomTags.StudyDate, DicomVR.DA), (DicomTags.StudyTime, DicomVR.TM),
        (DicomTags.ReferringPhysicianName, DicomVR.PN), (DicomTags.StudyId, DicomVR.SH), (DicomTags.AccessionNumber, DicomVR.SH),
    ];

    public static DicomDataset Start(FractureStudyResult result, string sopClassUid, string kind, string modality, int seriesNumber)
    {
        var studyUid = result.StudyInstanceUid;

        // Derived from the result, so redoing an export yields the same UIDs: the PACS sees a duplicate, not a second report.
        var key = string.Join('|', result.Instances.OrderBy(i => i.SopInstanceUid, StringComparer.Ordinal)
            .Select(i => i.SopInstanceUid + "=" + i.Probability.ToString("R", CultureInfo.InvariantCulture)));
        var dataset = new DicomDataset().CopyFrom(result.StudySource, PatientAndStudy);
        foreach (var (tag, vr) in TypeTwo)
        {
            if (!dataset.Contains(tag))
                dataset.SetString(tag, vr, "");
        }

        var at = result.ReportedAt.ToUniversalTime();
        return dataset
            .SetString(DicomTags.SopClassUid, DicomVR.UI, sopClassUid)
            .SetString(DicomTags.SopInstanceUid, DicomVR.UI, DicomUid.Derive(kind, "instance", studyUid, result.ModelName, result.ModelVersion, key))
            .SetString(DicomTags.SeriesInstanceUid, DicomVR.UI, DicomUid.Derive(kind, "series", studyUid, result.ModelName, result.ModelVersion, key))
            .SetString(DicomTags.Modality, DicomVR.CS, modality)
            .SetString(DicomTags.SeriesNumber, DicomVR.IS, seriesNumber.ToString(CultureInfo.InvariantCulture))
            .SetString(DicomTags.InstanceNumber, DicomVR.IS, "1")
            .SetString(DicomTags.InstanceCreationDate, DicomVR.DA, at.ToString("yyyyMMdd", CultureInfo.InvariantCulture))
            .SetString(DicomTags.InstanceCreationTime, DicomVR.TM, at.ToString("HHmmss", CultureInfo.InvariantCulture))
            .SetString(DicomTags.ContentDate, DicomVR.DA, at.ToString("yyyyMMdd", CultureInfo.InvariantCulture))
            .SetString(DicomTags.ContentTime, DicomVR.TM, at.ToString("HHmmss", CultureInfo.InvariantCulture))
            .SetString(DicomTags.Manufacturer, DicomVR.LO, "FracCluster")
            .SetString(DicomTags.ManufacturerModelName, DicomVR.LO, Clip(result.ModelName, 64))
            .SetString(DicomTags.SoftwareVersions, DicomVR.LO, Clip(result.ModelVersion, 64));
    }

    public static DicomDataset Reference(string sopClassUid, string sopInstanceUid) => new DicomDataset()
        .SetString(DicomTags.ReferencedSopClassUid, DicomVR.UI, sopClassUid)
        .SetString(DicomTags.ReferencedSopInstanceUid, DicomVR.UI, sopInstanceUid);

    public static string Clip(string text, int length) => text.Length <= length ? text : text[..length];
}
