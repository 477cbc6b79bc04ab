namespace FracCluster.Dicom.Network;

/// <summary>Command Field (0000,0100) values this layer uses (PS3.7 E.1).</summary>
internal enum DimseCommandField : ushort
{
    CStoreRequest = 0x0001,
    CStoreResponse = 0x8001,
    CEchoRequest = 0x0030,
    CEchoResponse = 0x8030,
    CCancelRequest = 0x0FFF,
}

/// <summary>A DIMSE command set (group 0000), with the fields of C-ECHO and C-STORE requests and responses.</summary>
internal sealed record DimseCommand
{
    /// <summary>Command Data Set Type (0000,0800) value meaning "no data set follows".</summary>
    public const ushort NoDataSet = 0x0101;

    public required ushort CommandField { get; init; }

    public string? AffectedSopClassUid { get; init; }

    public string? AffectedSopInstanceUid { get; init; }

    public ushort? MessageId { get; init; }

    public ushort? MessageIdBeingRespondedTo { get; init; }

    public ushort? Priority { get; init; }

    public ushort CommandDataSetType { get; init; } = NoDataSet;

    public ushort? Status { get; init; }

    public string? ErrorComment { get; init; }

    public string? MoveOriginatorAeTitle { get; init; }

    public ushort? MoveOriginatorMessageId { get; init; }

    public bool HasDataSet => CommandDataSetType != NoDataSet;

    public bool IsResponse => (CommandField & 0x8000) != 0;
}
