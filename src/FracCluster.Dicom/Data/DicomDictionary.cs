using System.Collections.Frozen;
using static FracCluster.Dicom.Data.DicomTags;

namespace FracCluster.Dicom.Data;

/// <summary>
/// The VRs of the tags this codec interprets, for Implicit VR Little Endian, where the stream does not say them.
/// Anything else reads as UN (kept as bytes and written back as they came).
/// </summary>
public static class DicomDictionary
{
    private static readonly FrozenDictionary<DicomTag, DicomVR> Entries = new Dictionary<DicomTag, DicomVR>
    {
        [FileMetaInformationVersion] = DicomVR.OB, [MediaStorageSopClassUid] = DicomVR.UI,
        [MediaStorageSopInstanceUid] = DicomVR.UI, [TransferSyntaxUid] = DicomVR.UI, [ImplementationClassUid] = DicomVR.UI,
        [ImplementationVersionName] = DicomVR.SH, [SourceApplicationEntityTitle] = DicomVR.AE,
        [SpecificCharacterSet] = DicomVR.CS, [ImageType] = DicomVR.CS, [InstanceCreationDate] = DicomVR.DA,
        [InstanceCreationTime] = DicomVR.TM, [SopClassUid] = DicomVR.UI, [SopInstanceUid] = DicomVR.UI,
        [StudyDate] = DicomVR.DA, [ContentDate] = DicomVR.DA, [StudyTime] = DicomVR.TM, [ContentTime] = DicomVR.TM,
        [AccessionNumber] = DicomVR.SH, [Modality] = DicomVR.CS, [ConversionType] = DicomVR.CS, [Manufacturer] = DicomVR.LO,
        [ReferringPhysicianName] = DicomVR.PN, [CodeValue] = DicomVR.SH, [CodingSchemeDesignator] = DicomVR.SH,
        [CodeMeaning] = DicomVR.LO, [StudyDescription] = DicomVR.LO, [SeriesDescription] = DicomVR.LO,
        [ManufacturerModelName] = DicomVR.LO, [ReferencedSeriesSequence] = DicomVR.SQ, [ReferencedSopSequence] = DicomVR.SQ,
        [ReferencedSopClassUid] = DicomVR.UI, [ReferencedSopInstanceUid] = DicomVR.UI, [DerivationDescription] = DicomVR.ST,
        [SourceImageSequence] = DicomVR.SQ, [PatientName] = DicomVR.PN, [PatientId] = DicomVR.LO,
        [PatientBirthDate] = DicomVR.DA, [PatientSex] = DicomVR.CS, [SoftwareVersions] = DicomVR.LO,
        [StudyInstanceUid] = DicomVR.UI, [SeriesInstanceUid] = DicomVR.UI, [StudyId] = DicomVR.SH, [SeriesNumber] = DicomVR.IS,
        [InstanceNumber] = DicomVR.IS, [PatientOrientation] = DicomVR.CS,
        [SamplesPerPixel] = DicomVR.US, [PhotometricInterpretation] = DicomVR.CS, [PlanarConfiguration] = DicomVR.US,
        [NumberOfFrames] = DicomVR.IS, [Rows] = DicomVR.US, [Columns] = DicomVR.US, [BitsAllocated] = DicomVR.US,
        [BitsStored] = DicomVR.US, [HighBit] = DicomVR.US, [PixelRepresentation] = DicomVR.US,
        // US or SS by Pixel Representation: read as raw 16 bits and interpreted with it.
        [PixelPaddingValue] = DicomVR.US,
        [WindowCenter] = DicomVR.DS, [WindowWidth] = DicomVR.DS, [RescaleIntercept] = DicomVR.DS, [RescaleSlope] = DicomVR.DS,
        [LossyImageCompression] = DicomVR.CS, [LutDescriptor] = DicomVR.US, [LutData] = DicomVR.OW,
        [VoiLutSequence] = DicomVR.SQ, [PixelData] = DicomVR.OW,
        [DicomTags.ValueType] = DicomVR.CS, [ConceptNameCodeSequence] = DicomVR.SQ, [ContinuityOfContent] = DicomVR.CS,
        [RelationshipType] = DicomVR.CS, [MeasuredValueSequence] = DicomVR.SQ, [MeasurementUnitsCodeSequence] = DicomVR.SQ,
        [NumericValue] = DicomVR.DS, [TextValue] = DicomVR.UT, [ConceptCodeSequence] = DicomVR.SQ,
        [ContentSequence] = DicomVR.SQ, [CompletionFlag] = DicomVR.CS, [VerificationFlag] = DicomVR.CS,
        [CurrentRequestedProcedureEvidenceSequence] = DicomVR.SQ, [ContentTemplateSequence] = DicomVR.SQ,
        [MappingResource] = DicomVR.CS, [ReferencedPerformedProcedureStepSequence] = DicomVR.SQ, [BurnedInAnnotation] = DicomVR.CS,
        [PerformedProcedureCodeSequence] = DicomVR.SQ, [TemplateIdentifier] = DicomVR.CS,
    }.ToFrozenDictionary();

    /// <summary>The VR of <paramref name="tag"/> for implicit-VR reading: known, group length (UL), private creator (LO), else UN.</summary>
    public static DicomVR VrOf(DicomTag tag)
    {
        if (Entries.TryGetValue(tag, out var vr))
            return vr;
        if (tag.Element == 0x0000)
            return DicomVR.UL;
        if (tag.IsPrivate && tag.Element is >= 0x0010 and <= 0x00FF)
            return DicomVR.LO;
        return DicomVR.UN;
    }
}
