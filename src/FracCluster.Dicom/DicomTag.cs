namespace FracCluster.Dicom;

/// <summary>A data element tag: (group, element), ordered as DICOM orders them in a data set.</summary>
public readonly record struct DicomTag(ushort Group, ushort Element) : IComparable<DicomTag>
{
    public uint Value => ((uint)Group << 16) | Element;

    public int CompareTo(DicomTag other) => Value.CompareTo(other.Value);

    public static bool operator <(DicomTag left, DicomTag right) => left.Value < right.Value;
    public static bool operator >(DicomTag left, DicomTag right) => left.Value > right.Value;
    public static bool operator <=(DicomTag left, DicomTag right) => left.Value <= right.Value;
    public static bool operator >=(DicomTag left, DicomTag right) => left.Value >= right.Value;

    /// <summary>Odd groups are private (PS3.5 7.8).</summary>
    public bool IsPrivate => (Group & 1) == 1;

    public override string ToString() => $"({Group:X4},{Element:X4})";
}
