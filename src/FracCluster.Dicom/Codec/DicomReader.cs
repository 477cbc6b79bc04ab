using System.Buffers.Binary;
using System.IO.Compression;
using FracCluster.Dicom.Data;

namespace FracCluster.Dicom.Codec;

/// <summary>
/// Reads Part 10 files and bare data sets (as a DIMSE C-STORE carries them: no preamble, no meta group, the transfer
/// syntax negotiated). Values are slices of the input, not copies. Every structural fault is a
/// <see cref="DicomRejectedException"/> with a typed reason; nothing else escapes. Thread-safe.
/// </summary>
public sealed class DicomReader
{
    private const int PreambleLength = 128;
    private static readonly byte[] Prefix = "DICM"u8.ToArray();

    private readonly DicomReaderOptions options;

    public DicomReader(DicomReaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.options = options;
    }

    public DicomReaderOptions Options => options;

    /// <summary>A Part 10 file: preamble, "DICM", the Explicit VR LE meta group, then the data set in the syntax it names.</summary>
    public DicomInstance ReadFile(ReadOnlyMemory<byte> file)
    {
        var (meta, body) = SplitFile(file);
        var syntax = DicomTransferSyntax.Parse(meta.GetString(DicomTags.TransferSyntaxUid));
        return new DicomInstance(meta, ParseBody(body, syntax), syntax);
    }

    /// <summary>
    /// The meta group of a Part 10 file and the data set bytes after it, not parsed and not copied: what a C-STORE
    /// sends, in the transfer syntax the meta group names.
    /// </summary>
    public (DicomDataset Meta, ReadOnlyMemory<byte> DataSet) SplitFile(ReadOnlyMemory<byte> file)
    {
        CheckSize(file.Length);
        if (file.Length < PreambleLength + Prefix.Length || !file.Span.Slice(PreambleLength, Prefix.Length).SequenceEqual(Prefix))
        {
            throw new DicomRejectedException(DicomRejectionReason.NotDicom,
                "Not a DICOM Part 10 file: no \"DICM\" after the 128-byte preamble (a bare data set needs its transfer syntax given).");
        }

        var body = file[(PreambleLength + Prefix.Length)..];
        var metaParser = new DatasetParser(body, explicitVr: true, options.MaxSequenceDepth);
        var meta = metaParser.ParseMetaGroup();
        if (meta.Count == 0)
            throw new DicomRejectedException(DicomRejectionReason.MissingAttribute, "The file has no meta information group (0002).");
        return (meta, body[metaParser.Position..]);
    }

    /// <summary>A data set without preamble or meta group, encoded in <paramref name="transferSyntaxUid"/>.</summary>
    public DicomInstance ReadDataset(ReadOnlyMemory<byte> dataset, string transferSyntaxUid)
    {
        CheckSize(dataset.Length);
        var syntax = DicomTransferSyntax.Parse(transferSyntaxUid);
        return new DicomInstance(new DicomDataset(), ParseBody(dataset, syntax), syntax);
    }

    private void CheckSize(int length)
    {
        if (length == 0)
            throw new DicomRejectedException(DicomRejectionReason.Empty, "The DICOM object is empty.");
        if (length > options.Limits.MaxBytes)
        {
            throw new DicomRejectedException(DicomRejectionReason.TooLarge,
                $"The DICOM object has {length:N0} bytes; the limit is {options.Limits.MaxBytes:N0}.");
        }
    }

    private DicomDataset ParseBody(ReadOnlyMemory<byte> body, DicomTransferSyntax syntax)
    {
        if (syntax.Deflated)
            body = Inflate(body);
        return new DatasetParser(body, syntax.ExplicitVr, options.MaxSequenceDepth).ParseAll();
    }

    private ReadOnlyMemory<byte> Inflate(ReadOnlyMemory<byte> deflated)
    {
        var limit = options.Limits.MaxBytes;
        try
        {
            using var input = new MemoryStream(deflated.ToArray(), writable: false);
            using var inflater = new DeflateStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = inflater.Read(buffer)) > 0)
            {
                // Checked as it grows: a deflate bomb is refused before it fills memory.
                if (output.Length + read > limit)
                {
                    throw new DicomRejectedException(DicomRejectionReason.TooLarge,
                        $"The deflated data set inflates past the limit of {limit:N0} bytes.");
                }

                output.Write(buffer, 0, read);
            }

            return output.ToArray();
        }
        catch (InvalidDataException ex)
        {
            throw new DicomRejectedException(DicomRejectionReason.Malformed, $"The deflated data set does not inflate: {ex.Message}", ex);
        }
    }

    /// <summary>One pass over a buffer of little-endian elements; recursion is bounded by the sequence depth limit.</summary>
    private sealed class DatasetParser(ReadOnlyMemory<byte> data, bool explicitVr, int maxDepth)
    {
        private const uint UndefinedLength = 0xFFFFFFFF;

        // Switched off inside a UN sequence of undefined length, whose items are Implicit VR LE whatever the syntax.
        private bool explicitVr = explicitVr;

        public int Position { get; private set; }

        public DicomDataset ParseAll() => ParseItems(data.Length, delimited: false, depth: 0);

        /// <summary>Reads elements of group 0002 and stops before the first element of another group.</summary>
        public DicomDataset ParseMetaGroup()
        {
            var meta = new DicomDataset();
            while (data.Length - Position >= 4 && ReadUInt16At(Position) == 0x0002)
            {
                var tag = ReadTag(data.Length);
                Add(meta, ReadElement(tag, data.Length, depth: 0));
            }

            if (data.Length - Position is > 0 and < 4)
                throw new DicomRejectedException(DicomRejectionReason.Truncated, $"The file ends {data.Length - Position} byte(s) into an element header.");
            return meta;
        }

        private DicomDataset ParseItems(int end, bool delimited, int depth)
        {
            var dataset = new DicomDataset();
            while (true)
            {
                if (Position == end)
                {
                    if (delimited)
                        throw new DicomRejectedException(DicomRejectionReason.MissingDelimiter, $"An item of undefined length ends at byte {end} without its Item Delimitation Item.");
                    return dataset;
                }

                var tag = ReadTag(end);
                if (tag == DicomTags.ItemDelimitationItem)
                {
                    if (!delimited)
                        throw Malformed($"an Item Delimitation Item at byte {Position - 4} outside an item of undefined length");
                    ReadUInt32(end);
                    return dataset;
                }

                if (tag == DicomTags.Item || tag == DicomTags.SequenceDelimitationItem)
                    throw Malformed($"a stray {(tag == DicomTags.Item ? "Item" : "Sequence Delimitation Item")} at byte {Position - 4}");
                Add(dataset, ReadElement(tag, end, depth));
            }
        }

        private static void Add(DicomDataset dataset, DicomElement element)
        {
            if (!dataset.TryAdd(element))
                throw Malformed($"element {element.Tag} appears twice in one data set");
        }

        private DicomElement ReadElement(DicomTag tag, int end, int depth)
        {
            DicomVR vr;
            uint length;
            if (explicitVr)
            {
                Need(end, 4, tag);
                var span = data.Span;
                if (!DicomVRs.TryParse(span[Position], span[Position + 1], out vr))
                    throw Malformed($"element {tag} has the VR code 0x{span[Position]:X2}{span[Position + 1]:X2}, which is not a DICOM VR");
                if (vr.HasLongLength())
                {
                    Position += 4;
                    length = ReadUInt32(end);
                }
                else
                {
                    Position += 2;
                    length = ReadUInt16(end);
                }
            }
            else
            {
                vr = DicomDictionary.VrOf(tag);
                length = ReadUInt32(end);
            }

            if (length == UndefinedLength)
            {
                if (tag == DicomTags.PixelData)
                    return ReadFragments(tag, vr, end);

                if (vr == DicomVR.SQ)
                    return ReadSequence(tag, end, defined: false, depth);

                // UN with an undefined length can only be a sequence, and its content is Implicit VR LE (PS3.5 6.2.2):
                // an implicit-VR sequence this dictionary does not know, or one an explicit-VR writer did not know.
                if (vr == DicomVR.UN)
                {
                    var outer = explicitVr;
                    explicitVr = false;
                    try
                    {
                        return ReadSequence(tag, end, defined: false, depth);
                    }
                    finally
                    {
                        explicitVr = outer;
                    }
                }
                throw new DicomRejectedException(DicomRejectionReason.MissingDelimiter, $"Element {tag} ({vr}) has an undefined length, which only sequences and pixel data may have.");
            }

            CheckLength(tag, length, end);
            if (vr == DicomVR.SQ)
                return ReadSequence(tag, Position + (int)length, defined: true, depth);
            var value = data.Slice(Position, (int)length);
            Position += (int)length;
            return new DicomValueElement(tag, vr, value);
        }

        private DicomSequence ReadSequence(DicomTag tag, int end, bool defined, int depth)
        {
            if (depth + 1 > maxDepth)
            {
                throw new DicomRejectedException(DicomRejectionReason.NestingTooDeep,
                    $"Sequence {tag} at byte {Position} is nested {depth + 1} deep; the limit is {maxDepth}.");
            }

            var items = new List<DicomDataset>();
            while (true)
            {
                if (Position == end)
                {
                    if (!defined)
                        throw new DicomRejectedException(DicomRejectionReason.MissingDelimiter, $"Sequence {tag} of undefined length ends without its Sequence Delimitation Item.");
                    return new DicomSequence(tag, items);
                }

                var itemTag = ReadTag(end);
                var itemLength = ReadUInt32(end);
                if (itemTag == DicomTags.SequenceDelimitationItem)
                {
                    if (defined)
                        throw Malformed($"a Sequence Delimitation Item inside sequence {tag} of defined length");
                    return new DicomSequence(tag, items);
                }

                if (itemTag != DicomTags.Item)
                    throw Malformed($"sequence {tag} holds {itemTag} where an Item was expected");
                if (itemLength == UndefinedLength)
                {
                    items.Add(ParseItems(end, delimited: true, depth + 1));
                }
                else
                {
                    CheckLength(itemTag, itemLength, end);
                    items.Add(ParseItems(Position + (int)itemLength, delimited: false, depth + 1));
                }
            }
        }

        private DicomFragmentSequence ReadFragments(DicomTag tag, DicomVR vr, int end)
        {
            ReadOnlyMemory<byte>? offsetTable = null;
            var fragments = new List<ReadOnlyMemory<byte>>();
            while (true)
            {
                if (Position == end)
                    throw new DicomRejectedException(DicomRejectionReason.MissingDelimiter, "Encapsulated pixel data ends without its Sequence Delimitation Item.");
                var itemTag = ReadTag(end);
                var length = ReadUInt32(end);
                if (itemTag == DicomTags.SequenceDelimitationItem)
                {
                    if (offsetTable is null)
                        throw Malformed("encapsulated pixel data has no Basic Offset Table item");
                    return new DicomFragmentSequence(tag, vr == DicomVR.OW ? DicomVR.OW : DicomVR.OB, offsetTable.Value, fragments);
                }

                if (itemTag != DicomTags.Item)
                    throw Malformed($"encapsulated pixel data holds {itemTag} where a fragment Item was expected");
                if (length == UndefinedLength)
                    throw new DicomRejectedException(DicomRejectionReason.MissingDelimiter, "A pixel data fragment has an undefined length.");
                CheckLength(itemTag, length, end);
                var value = data.Slice(Position, (int)length);
                Position += (int)length;
                if (offsetTable is null)
                    offsetTable = value;
                else
                    fragments.Add(value);
            }
        }

        private void CheckLength(DicomTag tag, uint length, int end)
        {
            if (length > (uint)(end - Position))
            {
                throw new DicomRejectedException(DicomRejectionReason.LengthPastEnd,
                    $"Element {tag} at byte {Position} declares {length:N0} bytes; only {end - Position:N0} remain in its {(end == data.Length ? "data set (is the file truncated?)" : "item")}.");
            }

            if ((length & 1) != 0)
                throw new DicomRejectedException(DicomRejectionReason.OddLength, $"Element {tag} at byte {Position} has the odd length {length}.");
        }

        private DicomTag ReadTag(int end)
        {
            Need(end, 4, null);
            var tag = new DicomTag(ReadUInt16At(Position), ReadUInt16At(Position + 2));
            Position += 4;
            return tag;
        }

        private ushort ReadUInt16(int end)
        {
            Need(end, 2, null);
            var value = ReadUInt16At(Position);
            Position += 2;
            return value;
        }

        private uint ReadUInt32(int end)
        {
            Need(end, 4, null);
            var value = BinaryPrimitives.ReadUInt32LittleEndian(data.Span[Position..]);
            Position += 4;
            return value;
        }

        private ushort ReadUInt16At(int offset) => BinaryPrimitives.ReadUInt16LittleEndian(data.Span[offset..]);

        private void Need(int end, int count, DicomTag? tag)
        {
            if (end - Position >= count)
                return;
            var what = tag is { } t ? $"the header of element {t}" : "an element header";
            if (end == data.Length)
                throw new DicomRejectedException(DicomRejectionReason.Truncated, $"The data ends at byte {end} inside {what}.");
            throw new DicomRejectedException(DicomRejectionReason.LengthPastEnd, $"An item ends at byte {end} inside {what}.");
        }

        private static DicomRejectedException Malformed(string problem) =>
            new(DicomRejectionReason.Malformed, $"Malformed DICOM: {problem}.");
    }
}
