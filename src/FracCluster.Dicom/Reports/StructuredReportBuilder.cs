using System.Globalization;
using FracCluster.Dicom.Data;

namespace FracCluster.Dicom.Reports;

/// <summary>
/// The study's result as a Comprehensive SR (PS3.3 A.35.3) in the study's own Study Instance UID and a new series:
/// <code>
/// CONTAINER Diagnostic imaging report
///   CONTAINS TEXT  Algorithm Name / Algorithm Version
///   CONTAINS CODE  Fracture = Present | Absent
///   CONTAINS NUM   Probability of fracture (study: the highest)  INFERRED FROM IMAGE the most suspicious instance
///   CONTAINS NUM   Probability of fracture (per instance)        INFERRED FROM IMAGE that instance
/// </code>
/// with every instance read listed in the Current Requested Procedure Evidence Sequence.
/// </summary>
public static class StructuredReportBuilder
{
    public const string ComprehensiveSrStorage = "1.2.840.10008.5.1.4.1.1.88.33";

    /// <summary>Series number of our reports: high, so viewers list them after the acquisition series.</summary>
    public const int SeriesNumber = 9901;

    public static DicomDataset Build(FractureStudyResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Instances.Count == 0)
            throw new ArgumentException("A report needs at least one instance read.", nameof(result));

        var report = DerivedInstance.Start(result, ComprehensiveSrStorage, "sr", "SR", SeriesNumber)
            .SetString(DicomTags.SeriesDescription, DicomVR.LO, "FracCluster fracture report")
            .SetSequence(DicomTags.ReferencedPerformedProcedureStepSequence)
            .SetSequence(DicomTags.PerformedProcedureCodeSequence)
            .SetString(DicomTags.CompletionFlag, DicomVR.CS, "COMPLETE")
            .SetString(DicomTags.VerificationFlag, DicomVR.CS, "UNVERIFIED")
            .SetSequence(DicomTags.CurrentRequestedProcedureEvidenceSequence, Evidence(result))
            .SetString(DicomTags.ValueType, DicomVR.CS, "CONTAINER")
            .SetSequence(DicomTags.ConceptNameCodeSequence, DicomCode.DiagnosticImagingReport.ToItem())
            .SetString(DicomTags.ContinuityOfContent, DicomVR.CS, "SEPARATE");

        var suspicious = result.MostSuspicious;
        var content = new List<DicomDataset>
        {
            Text(DicomCode.AlgorithmName, result.ModelName),
            Text(DicomCode.AlgorithmVersion, result.ModelVersion),
            Item("CONTAINS", "CODE", DicomCode.Fracture)
                .SetSequence(DicomTags.ConceptCodeSequence, (result.FracturePresent ? DicomCode.Present : DicomCode.Absent).ToItem()),
            Probability(suspicious),
        };
        content.AddRange(result.Instances.Select(Probability));
        return report.SetSequence(DicomTags.ContentSequence, [.. content]);
    }

    private static DicomDataset Evidence(FractureStudyResult result)
    {
        var series = result.Instances
            .GroupBy(i => i.SeriesInstanceUid, StringComparer.Ordinal)
            .Select(g => new DicomDataset()
                .SetString(DicomTags.SeriesInstanceUid, DicomVR.UI, g.Key)
                .SetSequence(DicomTags.ReferencedSopSequence, [.. g.Select(i => DerivedInstance.Reference(i.SopClassUid, i.SopInstanceUid))]))
            .ToArray();
        return new DicomDataset()
            .SetString(DicomTags.StudyInstanceUid, DicomVR.UI, result.StudyInstanceUid)
            .SetSequence(DicomTags.ReferencedSeriesSequence, series);
    }

    private static DicomDataset Probability(ReadInstance instance)
    {
        var measured = new DicomDataset()
            .SetSequence(DicomTags.MeasurementUnitsCodeSequence, DicomCode.NoUnits.ToItem())
            .SetString(DicomTags.NumericValue, DicomVR.DS, FormatDecimal(instance.Probability));
        var image = Item("INFERRED FROM", "IMAGE", DicomCode.SourceOfMeasurement)
            .SetSequence(DicomTags.ReferencedSopSequence, DerivedInstance.Reference(instance.SopClassUid, instance.SopInstanceUid));
        return Item("CONTAINS", "NUM", DicomCode.ProbabilityOfFracture)
            .SetSequence(DicomTags.MeasuredValueSequence, measured)
            .SetSequence(DicomTags.ContentSequence, image);
    }

    private static DicomDataset Text(DicomCode concept, string value) =>
        Item("CONTAINS", "TEXT", concept).SetString(DicomTags.TextValue, DicomVR.UT, value);

    private static DicomDataset Item(string relationship, string valueType, DicomCode concept) => new DicomDataset()
        .SetString(DicomTags.RelationshipType, DicomVR.CS, relationship)
        .SetString(DicomTags.ValueType, DicomVR.CS, valueType)
        .SetSequence(DicomTags.ConceptNameCodeSequence, concept.ToItem());

    /// <summary>A DS holds at most 16 characters; six decimals keep a probability's meaning in 8.</summary>
    internal static string FormatDecimal(double value)
    {
        if (!double.IsFinite(value) || value < 0 || value > 1)
            throw new ArgumentOutOfRangeException(nameof(value), value, "A probability is a finite number in 0…1.");
        return value.ToString("0.######", CultureInfo.InvariantCulture);
    }
}
