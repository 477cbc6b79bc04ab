using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace FracCluster.Dicom.Network;

/// <summary>
/// Command sets are always Implicit VR Little Endian (PS3.7 6.3.1), with a fixed dictionary: this codec knows the VR
/// of each group-0000 element it uses and skips the others by length.
/// </summary>
internal static class DimseCommandCodec
{
    private const ushort GroupLength = 0x0000;
    private const ushort AffectedSopClassUid = 0x0002;
    private const ushort CommandField = 0x0100;
    private const ushort MessageId = 0x0110;
    private const ushort MessageIdBeingRespondedTo = 0x0120;
    private const ushort Priority = 0x0700;
    private const ushort CommandDataSetType = 0x0800;
    private const ushort Status = 0x0900;
    private const ushort ErrorComment = 0x0902;
    private const ushort AffectedSopInstanceUid = 0x1000;
    private const ushort MoveOriginatorAeTitle = 0x1030;
    private const ushort MoveOriginatorMessageId = 0x1031;

    public static byte[] Encode(DimseCommand command)
    {
        var elements = new ArrayBufferWriter<byte>(256);
        WriteString(elements, AffectedSopClassUid, command.AffectedSopClassUid, padding: 0);
        WriteUInt16(elements, CommandField, command.CommandField);
        WriteUInt16(elements, MessageId, command.MessageId);
        WriteUInt16(elements, MessageIdBeingRespondedTo, command.MessageIdBeingRespondedTo);
        WriteUInt16(elements, Priority, command.Priority);
        WriteUInt16(elements, CommandDataSetType, command.CommandDataSetType);
        WriteUInt16(elements, Status, command.Status);
        WriteString(elements, ErrorComment, Truncate(command.ErrorComment, 64), padding: (byte)' ');
        WriteString(elements, AffectedSopInstanceUid, command.AffectedSopInstanceUid, padding: 0);
        WriteString(elements, MoveOriginatorAeTitle, command.MoveOriginatorAeTitle, padding: (byte)' ');
        WriteUInt16(elements, MoveOriginatorMessageId, command.MoveOriginatorMessageId);

        var result = new byte[12 + elements.WrittenCount];
        WriteHeader(result, GroupLength, 4);
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(8), (uint)elements.WrittenCount);
        elements.WrittenSpan.CopyTo(result.AsSpan(12));
        return result;
    }

    public static bool TryDecode(ReadOnlySpan<byte> data, [NotNullWhen(true)] out DimseCommand? command, [NotNullWhen(false)] out string? error)
    {
        command = null;
        ushort? commandField = null;
        string? sopClass = null, sopInstance = null, comment = null, moveOriginator = null;
        ushort? messageId = null, respondedTo = null, priority = null, status = null, moveMessageId = null;
        ushort dataSetType = DimseCommand.NoDataSet;
        var offset = 0;
        while (offset < data.Length)
        {
            if (data.Length - offset < 8)
            {
                error = "command element header truncated";
                return false;
            }

            var group = BinaryPrimitives.ReadUInt16LittleEndian(data[offset..]);
            var element = BinaryPrimitives.ReadUInt16LittleEndian(data[(offset + 2)..]);
            var length = BinaryPrimitives.ReadUInt32LittleEndian(data[(offset + 4)..]);
            if (group != 0x0000)
            {
                error = $"element ({group:X4},{element:X4}) outside group 0000 in a command set";
                return false;
            }

            if (length > (uint)(data.Length - offset - 8))
            {
                error = $"command element (0000,{element:X4}) of length {length} runs past the command set";
                return false;
            }

            var value = data.Slice(offset + 8, (int)length);
            offset += 8 + (int)length;
            bool ok = true;
            switch (element)
            {
                case AffectedSopClassUid: sopClass = ReadString(value); break;
                case AffectedSopInstanceUid: sopInstance = ReadString(value); break;
                case ErrorComment: comment = ReadString(value); break;
                case MoveOriginatorAeTitle: moveOriginator = ReadString(value); break;
                case CommandField: ok = TryReadUInt16(value, out var cf); commandField = cf; break;
                case MessageId: ok = TryReadUInt16(value, out var id); messageId = id; break;
                case MessageIdBeingRespondedTo: ok = TryReadUInt16(value, out var rt); respondedTo = rt; break;
                case Priority: ok = TryReadUInt16(value, out var p); priority = p; break;
                case CommandDataSetType: ok = TryReadUInt16(value, out dataSetType); break;
                case Status: ok = TryReadUInt16(value, out var s); status = s; break;
                case MoveOriginatorMessageId: ok = TryReadUInt16(value, out var mm); moveMessageId = mm; break;
                default: break;
            }

            if (!ok)
            {
                error = $"command element (0000,{element:X4}) is {length} bytes, expected an US of 2";
                return false;
            }
        }

        if (commandField is null)
        {
            error = "command set without a Command Field (0000,0100)";
            return false;
        }

        command = new DimseCommand
        {
            CommandField = commandField.Value,
            AffectedSopClassUid = sopClass,
            AffectedSopInstanceUid = sopInstance,
            MessageId = messageId,
            MessageIdBeingRespondedTo = respondedTo,
            Priority = priority,
            CommandDataSetType = dataSetType,
            Status = status,
            ErrorComment = comment,
            MoveOriginatorAeTitle = moveOriginator,
            MoveOriginatorMessageId = moveMessageId,
        };
        error = null;
        return true;
    }

    private static string ReadString(ReadOnlySpan<byte> value) => Encoding.ASCII.GetString(value).Trim(' ', '\0');

    private static bool TryReadUInt16(ReadOnlySpan<byte> value, out ushort result)
    {
        result = value.Length == 2 ? BinaryPrimitives.ReadUInt16LittleEndian(value) : (ushort)0;
        return value.Length == 2;
    }

    private static void WriteUInt16(ArrayBufferWriter<byte> writer, ushort element, ushort? value)
    {
        if (value is null)
        {
            return;
        }

        var span = writer.GetSpan(10);
        WriteHeader(span, element, 2);
        BinaryPrimitives.WriteUInt16LittleEndian(span[8..], value.Value);
        writer.Advance(10);
    }

    /// <summary>Values are padded to even length: UIDs with NUL, text with a space (PS3.5 6.2).</summary>
    private static void WriteString(ArrayBufferWriter<byte> writer, ushort element, string? value, byte padding)
    {
        if (value is null)
        {
            return;
        }

        var length = Encoding.ASCII.GetByteCount(value);
        var padded = length + (length & 1);
        var span = writer.GetSpan(8 + padded);
        WriteHeader(span, element, (uint)padded);
        Encoding.ASCII.GetBytes(value, span[8..]);
        if (padded != length)
        {
            span[8 + length] = padding;
        }

        writer.Advance(8 + padded);
    }

    private static void WriteHeader(Span<byte> destination, ushort element, uint length)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(destination, 0x0000);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[2..], element);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], length);
    }

    private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}
