namespace FracCluster.Dicom.Network;

/// <summary>How PS3.7 Annex C groups status codes.</summary>
public enum DicomStatusCategory
{
    Success,
    Warning,
    Failure,
    Cancel,
    Pending,
}

/// <summary>A DIMSE status code (PS3.7 Annex C) as carried in (0000,0900) of a response.</summary>
public readonly record struct DicomStatus(ushort Code)
{
    public static DicomStatus Success { get; } = new(0x0000);
    public static DicomStatus Cancel { get; } = new(0xFE00);
    public static DicomStatus Pending { get; } = new(0xFF00);

    /// <summary>The instance was stored but some attributes were coerced (C-STORE warning B000).</summary>
    public static DicomStatus WarningCoercionOfDataElements { get; } = new(0xB000);

    /// <summary>C-STORE: the receiver cannot take the instance now (disk, capacity); a sender should retry later.</summary>
    public static DicomStatus OutOfResources { get; } = new(0xA700);

    public static DicomStatus DataSetDoesNotMatchSopClass { get; } = new(0xA900);
    public static DicomStatus CannotUnderstand { get; } = new(0xC000);
    public static DicomStatus ProcessingFailure { get; } = new(0x0110);
    public static DicomStatus DuplicateSopInstance { get; } = new(0x0111);
    public static DicomStatus SopClassNotSupported { get; } = new(0x0122);
    public static DicomStatus NotAuthorized { get; } = new(0x0124);
    public static DicomStatus UnrecognizedOperation { get; } = new(0x0211);
    public static DicomStatus ResourceLimitation { get; } = new(0x0213);

    public DicomStatusCategory Category => Code switch
    {
        0x0000 => DicomStatusCategory.Success,
        0xFE00 => DicomStatusCategory.Cancel,
        0xFF00 or 0xFF01 => DicomStatusCategory.Pending,
        0x0001 or 0x0107 or 0x0116 => DicomStatusCategory.Warning,
        >= 0xB000 and <= 0xBFFF => DicomStatusCategory.Warning,
        _ => DicomStatusCategory.Failure,
    };

    public bool IsSuccess => Category == DicomStatusCategory.Success;

    /// <summary>Success or warning: the instance was received and the sender need not send it again.</summary>
    public bool IsStored => Category is DicomStatusCategory.Success or DicomStatusCategory.Warning;

    /// <summary>A failure that may go away by itself (resources), as opposed to one a retry will repeat.</summary>
    public bool IsTransientFailure => (Code & 0xFF00) == 0xA700 || Code == ResourceLimitation.Code;

    public override string ToString() => $"0x{Code:X4} ({Category})";
}
