using FracCluster.Dicom.Data;

namespace FracCluster.Dicom.Reports;

/// <summary>A coded concept (PS3.3 Table 8.8-1): value, scheme, meaning.</summary>
public sealed record DicomCode(string Value, string Scheme, string Meaning)
{
    public static readonly DicomCode DiagnosticImagingReport = new("18748-4", "LN", "Diagnostic imaging report");
    public static readonly DicomCode Fracture = new("72704001", "SCT", "Fracture");
    public static readonly DicomCode Present = new("52101004", "SCT", "Present");
    public static readonly DicomCode Absent = new("2667000", "SCT", "Absent");
    public static readonly DicomCode AlgorithmName = new("111001", "DCM", "Algorithm Name");
    public static readonly DicomCode AlgorithmVersion = new("111003", "DCM", "Algorithm Version");
    public static readonly DicomCode SourceOfMeasurement = new("121112", "DCM", "Source of Measurement");
    public static readonly DicomCode NoUnits = new("1", "UCUM", "no units");

    /// <summary>No standard code names a classifier's probability; a private scheme (99…) is how PS3.16 says to do that.</summary>
    public static readonly DicomCode ProbabilityOfFracture = new("P-FRACTURE", "99FRACCLUSTER", "Probability of fracture");

    public DicomDataset ToItem() => new DicomDataset()
        .SetString(DicomTags.CodeValue, DicomVR.SH, Value)
        .SetString(DicomTags.CodingSchemeDesignator, DicomVR.SH, Scheme)
        .SetString(DicomTags.CodeMeaning, DicomVR.LO, Meaning);
}
