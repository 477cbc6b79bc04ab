using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace FracCluster.Dicom.Data;

/// <summary>
/// A data set: elements kept in tag order, as DICOM writes them. Getters return null when an element is absent or
/// empty and throw <see cref="DicomRejectedException"/> (<see cref="DicomRejectionReason.InvalidAttribute"/>) when its
/// value cannot be what its tag says.
/// </summary>
public sealed class DicomDataset
{
    private readonly SortedDictionary<DicomTag, DicomElement> elements = [];

    public int Count => elements.Count;

    public IEnumerable<DicomElement> Elements => elements.Values;

    public bool Contains(DicomTag tag) => elements.ContainsKey(tag);

    public DicomElement? Get(DicomTag tag) => elements.GetValueOrDefault(tag);

    /// <summary>Adds or replaces an element.</summary>
    public DicomDataset Set(DicomElement element)
    {
        elements[element.Tag] = element;
        return this;
    }

    /// <summary>Adds an element read from a stream; false when the tag is already present.</summary>
    internal bool TryAdd(DicomElement element) => elements.TryAdd(element.Tag, element);

    public bool Remove(DicomTag tag) => elements.Remove(tag);

    /// <summary>Sets a text value (several values joined with a backslash); the writer pads it.</summary>
    public DicomDataset SetString(DicomTag tag, DicomVR vr, params string[] values)
    {
        if (!vr.IsText())
            throw new ArgumentException($"{vr} is not a text VR.", nameof(vr));
        return Set(new DicomValueElement(tag, vr, Encoding.UTF8.GetBytes(string.Join('\\', values))));
    }

    public DicomDataset SetUInt16(DicomTag tag, params ushort[] values)
    {
        var bytes = new byte[values.Length * 2];
        for (var i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 2), values[i]);
        return Set(new DicomValueElement(tag, DicomVR.US, bytes));
    }

    public DicomDataset SetBytes(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> value) => Set(new DicomValueElement(tag, vr, value));

    public DicomDataset SetSequence(DicomTag tag, params DicomDataset[] items) => Set(new DicomSequence(tag, items));

    /// <summary>Copies the listed elements that <paramref name="source"/> has (sequences and values are shared, not cloned: both are immutable).</summary>
    public DicomDataset CopyFrom(DicomDataset source, IEnumerable<DicomTag> tags)
    {
        foreach (var tag in tags)
        {
            if (source.Get(tag) is { } element)
                Set(element);
        }

        return this;
    }

    /// <summary>The value as text, trailing padding (spaces and NULs) removed; null when absent or empty.</summary>
    public string? GetString(DicomTag tag)
    {
        if (Get(tag) is not DicomValueElement element || element.Value.IsEmpty)
            return null;
        var text = Decode(element.Value.Span).TrimEnd(' ', '\0');
        return text.Length == 0 ? null : text;
    }

    /// <summary>The backslash-separated values of a text element, each trimmed; empty when absent.</summary>
    public string[] GetStrings(DicomTag tag)
    {
        var text = GetString(tag);
        return text is null ? [] : text.Split('\\').Select(v => v.Trim(' ', '\0')).ToArray();
    }

    /// <summary>The first value of a US/SS (or any 16-bit binary) element as unsigned bits.</summary>
    public ushort? GetUInt16(DicomTag tag)
    {
        if (Get(tag) is not DicomValueElement element || element.Value.IsEmpty)
            return null;
        if (element.Value.Length < 2)
            throw Invalid(tag, $"holds {element.Value.Length} byte(s); a 16-bit value needs 2");
        return BinaryPrimitives.ReadUInt16LittleEndian(element.Value.Span);
    }

    /// <summary>All 16-bit values of a US/SS/OW element.</summary>
    public ushort[] GetUInt16Values(DicomTag tag)
    {
        if (Get(tag) is not DicomValueElement element)
            return [];
        var span = element.Value.Span;
        var values = new ushort[span.Length / 2];
        for (var i = 0; i < values.Length; i++)
            values[i] = BinaryPrimitives.ReadUInt16LittleEndian(span[(i * 2)..]);
        return values;
    }

    /// <summary>The first value of an integer string (IS); null when absent.</summary>
    public int? GetInteger(DicomTag tag)
    {
        var values = GetStrings(tag);
        if (values.Length == 0)
            return null;
        return int.TryParse(values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Invalid(tag, $"'{values[0]}' is not an integer string");
    }

    /// <summary>The values of a decimal string (DS); empty when absent.</summary>
    public double[] GetDecimals(DicomTag tag)
    {
        var values = GetStrings(tag);
        var result = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.TryParse(values[i], NumberStyles.Float, CultureInfo.InvariantCulture, out result[i]) || !double.IsFinite(result[i]))
                throw Invalid(tag, $"'{values[i]}' is not a decimal string");
        }

        return result;
    }

    public IReadOnlyList<DicomDataset> GetItems(DicomTag tag) => Get(tag) is DicomSequence sequence ? sequence.Items : [];

    private static DicomRejectedException Invalid(DicomTag tag, string problem) =>
        new(DicomRejectionReason.InvalidAttribute, $"Attribute {tag} {problem}.");

    // Latin-1 is the default repertoire's superset that never fails to decode; the UIDs, codes and numbers read here are ASCII.
    private static string Decode(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);
}
