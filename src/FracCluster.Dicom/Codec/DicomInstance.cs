using FracCluster.Dicom.Data;

namespace FracCluster.Dicom.Codec;

/// <summary>
/// A read DICOM object: its file meta information (empty for a data set that came without one, as over an
/// association), its data set, and the transfer syntax it was encoded in.
/// </summary>
public sealed record DicomInstance(DicomDataset FileMeta, DicomDataset Dataset, DicomTransferSyntax TransferSyntax)
{
    public string? SopClassUid => Dataset.GetString(DicomTags.SopClassUid) ?? FileMeta.GetString(DicomTags.MediaStorageSopClassUid);

    public string? SopInstanceUid => Dataset.GetString(DicomTags.SopInstanceUid) ?? FileMeta.GetString(DicomTags.MediaStorageSopInstanceUid);
}
