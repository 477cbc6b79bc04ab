using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace FracCluster.Dicom.Network;

/// <summary>
/// Encodes and decodes PDU bodies (PS3.8 9.3). Decoding checks every length against what is left, so a malformed
/// PDU becomes a <see cref="DicomProtocolException"/>, never an out-of-range read.
/// </summary>
internal static class PduCodec
{
    public const int HeaderLength = 6;

    private const byte ApplicationContextItem = 0x10;
    private const byte PresentationContextRequestItem = 0x20;
    private const byte PresentationContextAcceptItem = 0x21;
    private const byte AbstractSyntaxItem = 0x30;
    private const byte TransferSyntaxItem = 0x40;
    private const byte UserInformationItem = 0x50;
    private const byte MaxLengthItem = 0x51;
    private const byte ImplementationClassUidItem = 0x52;
    private const byte ImplementationVersionNameItem = 0x55;

    private const int AeTitleLength = 16;
    private const int MaxUidLength = 64;

    public static Pdu Decode(PduType type, ReadOnlyMemory<byte> body) => type switch
    {
        PduType.AssociateRequest => DecodeAssociateRequest(body.Span),
        PduType.AssociateAccept => DecodeAssociateAccept(body.Span),
        PduType.AssociateReject => DecodeReject(body.Span),
        PduType.PData => DecodePData(body),
        PduType.ReleaseRequest => ExpectFixed(body.Span, ReleaseRequestPdu.Instance),
        PduType.ReleaseResponse => ExpectFixed(body.Span, ReleaseResponsePdu.Instance),
        PduType.Abort => DecodeAbort(body.Span),
        _ => throw new DicomProtocolException(AbortReason.UnrecognizedPdu, $"unknown PDU type 0x{(byte)type:X2}"),
    };

    public static byte[] Encode(Pdu pdu)
    {
        var body = new ArrayBufferWriter<byte>(256);
        switch (pdu)
        {
            case AssociateRequestPdu rq:
                WriteAssociateHeader(body, rq.ProtocolVersion, rq.CalledAeTitle, rq.CallingAeTitle);
                WriteItem(body, ApplicationContextItem, Ascii(rq.ApplicationContext));
                foreach (var pc in rq.PresentationContexts)
                {
                    var sub = new ArrayBufferWriter<byte>();
                    sub.Write<byte>([pc.Id, 0, 0, 0]);
                    WriteItem(sub, AbstractSyntaxItem, Ascii(pc.AbstractSyntax));
                    foreach (var ts in pc.TransferSyntaxes)
                    {
                        WriteItem(sub, TransferSyntaxItem, Ascii(ts));
                    }

                    WriteItem(body, PresentationContextRequestItem, sub.WrittenSpan);
                }

                WriteUserInformation(body, rq.UserInformation);
                break;
            case AssociateAcceptPdu ac:
                WriteAssociateHeader(body, 1, ac.CalledAeTitle, ac.CallingAeTitle);
                WriteItem(body, ApplicationContextItem, Ascii(ac.ApplicationContext));
                foreach (var pc in ac.PresentationContexts)
                {
                    var sub = new ArrayBufferWriter<byte>();
                    sub.Write<byte>([pc.Id, 0, (byte)pc.Result, 0]);
                    WriteItem(sub, TransferSyntaxItem, Ascii(pc.TransferSyntax));
                    WriteItem(body, PresentationContextAcceptItem, sub.WrittenSpan);
                }

                WriteUserInformation(body, ac.UserInformation);
                break;
            case AssociateRejectPdu rj:
                body.Write<byte>([0, (byte)rj.Rejection.Result, (byte)rj.Rejection.Source, rj.Rejection.Reason]);
                break;
            case PDataPdu data:
                foreach (var pdv in data.Values)
                {
                    WriteUInt32(body, (uint)(pdv.Data.Length + 2));
                    body.Write<byte>([pdv.PresentationContextId, (byte)((pdv.IsCommand ? 1 : 0) | (pdv.IsLastFragment ? 2 : 0))]);
                    body.Write(pdv.Data.Span);
                }

                break;
            case ReleaseRequestPdu or ReleaseResponsePdu:
                body.Write<byte>([0, 0, 0, 0]);
                break;
            case AbortPdu abort:
                body.Write<byte>([0, 0, (byte)abort.Source, (byte)abort.Reason]);
                break;
            default:
                throw new ArgumentException($"cannot encode {pdu.GetType().Name}", nameof(pdu));
        }

        var result = new byte[HeaderLength + body.WrittenCount];
        result[0] = (byte)pdu.Type;
        BinaryPrimitives.WriteUInt32BigEndian(result.AsSpan(2), (uint)body.WrittenCount);
        body.WrittenSpan.CopyTo(result.AsSpan(HeaderLength));
        return result;
    }

    /// <summary>Writes a P-DATA-TF header holding one PDV header of <paramref name="dataLength"/> bytes into 12 bytes.</summary>
    public static void WriteSinglePdvHeader(Span<byte> destination, byte contextId, bool isCommand, bool isLast, int dataLength)
    {
        destination[0] = (byte)PduType.PData;
        destination[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(destination[2..], (uint)(dataLength + 6));
        BinaryPrimitives.WriteUInt32BigEndian(destination[6..], (uint)(dataLength + 2));
        destination[10] = contextId;
        destination[11] = (byte)((isCommand ? 1 : 0) | (isLast ? 2 : 0));
    }

    private static AssociateRequestPdu DecodeAssociateRequest(ReadOnlySpan<byte> body)
    {
        var (version, called, calling) = ReadAssociateHeader(body);
        string? applicationContext = null;
        var contexts = new List<PresentationContextProposal>();
        UserInformation? userInformation = null;
        foreach (var (type, value) in Items(body[68..]))
        {
            switch (type)
            {
                case ApplicationContextItem:
                    applicationContext = Uid(value, "application context name");
                    break;
                case PresentationContextRequestItem:
                    contexts.Add(DecodeProposal(value));
                    break;
                case UserInformationItem:
                    userInformation = DecodeUserInformation(value);
                    break;
                default:
                    throw new DicomProtocolException(AbortReason.UnrecognizedPduParameter, $"unknown item 0x{type:X2} in A-ASSOCIATE-RQ");
            }
        }

        return new AssociateRequestPdu(
            version,
            called,
            calling,
            applicationContext ?? throw Invalid("A-ASSOCIATE-RQ without an application context"),
            contexts,
            userInformation ?? throw Invalid("A-ASSOCIATE-RQ without user information"));
    }

    private static AssociateAcceptPdu DecodeAssociateAccept(ReadOnlySpan<byte> body)
    {
        var (_, called, calling) = ReadAssociateHeader(body);
        string? applicationContext = null;
        var contexts = new List<PresentationContextAnswer>();
        UserInformation? userInformation = null;
        foreach (var (type, value) in Items(body[68..]))
        {
            switch (type)
            {
                case ApplicationContextItem:
                    applicationContext = Uid(value, "application context name");
                    break;
                case PresentationContextAcceptItem:
                    contexts.Add(DecodeAnswer(value));
                    break;
                case UserInformationItem:
                    userInformation = DecodeUserInformation(value);
                    break;
                default:
                    throw new DicomProtocolException(AbortReason.UnrecognizedPduParameter, $"unknown item 0x{type:X2} in A-ASSOCIATE-AC");
            }
        }

        return new AssociateAcceptPdu(
            called,
            calling,
            applicationContext ?? throw Invalid("A-ASSOCIATE-AC without an application context"),
            contexts,
            userInformation ?? throw Invalid("A-ASSOCIATE-AC without user information"));
    }

    private static PresentationContextProposal DecodeProposal(ReadOnlySpan<byte> value)
    {
        if (value.Length < 4)
        {
            throw Invalid("presentation context item shorter than 4 bytes");
        }

        string? abstractSyntax = null;
        var transferSyntaxes = new List<string>();
        foreach (var (type, sub) in Items(value[4..]))
        {
            switch (type)
            {
                case AbstractSyntaxItem when abstractSyntax is null:
                    abstractSyntax = Uid(sub, "abstract syntax");
                    break;
                case TransferSyntaxItem:
                    transferSyntaxes.Add(Uid(sub, "transfer syntax"));
                    break;
                default:
                    throw new DicomProtocolException(AbortReason.UnexpectedPduParameter, $"unexpected sub-item 0x{type:X2} in a presentation context");
            }
        }

        if (abstractSyntax is null || transferSyntaxes.Count == 0)
        {
            throw Invalid($"presentation context {value[0]} without an abstract syntax or transfer syntax");
        }

        return new PresentationContextProposal(value[0], abstractSyntax, transferSyntaxes);
    }

    private static PresentationContextAnswer DecodeAnswer(ReadOnlySpan<byte> value)
    {
        if (value.Length < 4)
        {
            throw Invalid("presentation context item shorter than 4 bytes");
        }

        var result = value[2];
        if (result > (byte)PresentationContextResult.TransferSyntaxesNotSupported)
        {
            throw Invalid($"presentation context result {result}");
        }

        var transferSyntax = string.Empty;
        foreach (var (type, sub) in Items(value[4..]))
        {
            if (type != TransferSyntaxItem)
            {
                throw new DicomProtocolException(AbortReason.UnexpectedPduParameter, $"unexpected sub-item 0x{type:X2} in an accepted presentation context");
            }

            // A rejected context may carry an empty or meaningless transfer syntax: only an accepted one must be valid.
            transferSyntax = result == 0 ? Uid(sub, "transfer syntax") : Encoding.ASCII.GetString(sub).TrimEnd('\0', ' ');
        }

        if (result == 0 && transferSyntax.Length == 0)
        {
            throw Invalid($"accepted presentation context {value[0]} without a transfer syntax");
        }

        return new PresentationContextAnswer(value[0], (PresentationContextResult)result, transferSyntax);
    }

    private static UserInformation DecodeUserInformation(ReadOnlySpan<byte> value)
    {
        uint? maxLength = null;
        string? classUid = null;
        string? versionName = null;
        foreach (var (type, sub) in Items(value))
        {
            switch (type)
            {
                case MaxLengthItem:
                    if (sub.Length != 4)
                    {
                        throw Invalid("maximum length sub-item is not 4 bytes");
                    }

                    maxLength = BinaryPrimitives.ReadUInt32BigEndian(sub);
                    break;
                case ImplementationClassUidItem:
                    classUid = Uid(sub, "implementation class UID");
                    break;
                case ImplementationVersionNameItem:
                    versionName = sub.Length <= 16 ? Encoding.ASCII.GetString(sub).Trim(' ', '\0') : throw Invalid("implementation version name longer than 16 bytes");
                    break;
                default:
                    // Asynchronous operations window, role selection, extended negotiation, user identity: not
                    // used here, and leaving them out of the answer declines them (PS3.7 D.3.3).
                    break;
            }
        }

        return new UserInformation(maxLength ?? throw Invalid("user information without a maximum length"), classUid ?? string.Empty, versionName);
    }

    private static PDataPdu DecodePData(ReadOnlyMemory<byte> body)
    {
        var values = new List<Pdv>();
        var offset = 0;
        while (offset < body.Length)
        {
            if (body.Length - offset < 6)
            {
                throw Invalid("PDV item header truncated");
            }

            var span = body.Span[offset..];
            var itemLength = BinaryPrimitives.ReadUInt32BigEndian(span);
            if (itemLength < 2 || itemLength > (uint)(body.Length - offset - 4))
            {
                throw Invalid($"PDV item length {itemLength} does not fit the PDU");
            }

            var contextId = span[4];
            var header = span[5];
            if ((header & 0xFC) != 0 || contextId % 2 == 0)
            {
                throw Invalid($"PDV with context id {contextId} and header 0x{header:X2}");
            }

            values.Add(new Pdv(contextId, (header & 1) != 0, (header & 2) != 0, body.Slice(offset + 6, (int)itemLength - 2)));
            offset += 4 + (int)itemLength;
        }

        if (values.Count == 0)
        {
            throw Invalid("P-DATA-TF without a PDV");
        }

        return new PDataPdu(values);
    }

    private static AssociateRejectPdu DecodeReject(ReadOnlySpan<byte> body)
    {
        if (body.Length != 4 || body[1] is < 1 or > 2 || body[2] is < 1 or > 3)
        {
            throw Invalid("malformed A-ASSOCIATE-RJ");
        }

        return new AssociateRejectPdu(new DicomAssociationRejection((DicomRejectResult)body[1], (DicomRejectSource)body[2], body[3]));
    }

    private static AbortPdu DecodeAbort(ReadOnlySpan<byte> body)
    {
        if (body.Length != 4)
        {
            throw Invalid("malformed A-ABORT");
        }

        return new AbortPdu((AbortSource)body[2], (AbortReason)body[3]);
    }

    private static Pdu ExpectFixed(ReadOnlySpan<byte> body, Pdu pdu) =>
        body.Length == 4 ? pdu : throw Invalid($"{pdu.Type} PDU of length {body.Length}, expected 4");

    private static (ushort Version, string Called, string Calling) ReadAssociateHeader(ReadOnlySpan<byte> body)
    {
        if (body.Length < 68)
        {
            throw Invalid("A-ASSOCIATE PDU shorter than its fixed fields");
        }

        return (BinaryPrimitives.ReadUInt16BigEndian(body), AeTitle(body.Slice(4, AeTitleLength)), AeTitle(body.Slice(20, AeTitleLength)));
    }

    private static string AeTitle(ReadOnlySpan<byte> value)
    {
        foreach (var b in value)
        {
            if (b is < 0x20 or > 0x7E && b != 0)
            {
                throw new DicomProtocolException(AbortReason.InvalidPduParameterValue, "AE title with a non-printable character");
            }
        }

        return Encoding.ASCII.GetString(value).Trim(' ', '\0');
    }

    private static string Uid(ReadOnlySpan<byte> value, string what)
    {
        var text = Encoding.ASCII.GetString(value).TrimEnd('\0', ' ');
        if (text.Length == 0 || text.Length > MaxUidLength)
        {
            throw Invalid($"{what} of length {text.Length}");
        }

        foreach (var c in text)
        {
            if (c is not ('.' or (>= '0' and <= '9')))
            {
                throw Invalid($"{what} '{text}' is not a UID");
            }
        }

        return text;
    }

    private static List<(byte Type, byte[] Value)> Items(ReadOnlySpan<byte> data)
    {
        var items = new List<(byte, byte[])>();
        var offset = 0;
        while (offset < data.Length)
        {
            if (data.Length - offset < 4)
            {
                throw Invalid("item header truncated");
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(data[(offset + 2)..]);
            if (length > data.Length - offset - 4)
            {
                throw Invalid($"item 0x{data[offset]:X2} of length {length} runs past its PDU");
            }

            items.Add((data[offset], data.Slice(offset + 4, length).ToArray()));
            offset += 4 + length;
        }

        return items;
    }

    private static void WriteAssociateHeader(ArrayBufferWriter<byte> body, ushort version, string called, string calling)
    {
        Span<byte> fixedPart = stackalloc byte[68];
        fixedPart.Clear();
        BinaryPrimitives.WriteUInt16BigEndian(fixedPart, version);
        WriteAeTitle(fixedPart.Slice(4, AeTitleLength), called);
        WriteAeTitle(fixedPart.Slice(20, AeTitleLength), calling);
        body.Write(fixedPart);
    }

    private static void WriteAeTitle(Span<byte> destination, string title)
    {
        destination.Fill((byte)' ');
        Encoding.ASCII.GetBytes(title.AsSpan(0, Math.Min(title.Length, AeTitleLength)), destination);
    }

    private static void WriteUserInformation(ArrayBufferWriter<byte> body, UserInformation info)
    {
        var sub = new ArrayBufferWriter<byte>();
        Span<byte> max = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(max, info.MaxPduLength);
        WriteItem(sub, MaxLengthItem, max);
        WriteItem(sub, ImplementationClassUidItem, Ascii(info.ImplementationClassUid));
        if (!string.IsNullOrEmpty(info.ImplementationVersionName))
        {
            WriteItem(sub, ImplementationVersionNameItem, Ascii(info.ImplementationVersionName));
        }

        WriteItem(body, UserInformationItem, sub.WrittenSpan);
    }

    private static void WriteItem(ArrayBufferWriter<byte> writer, byte type, ReadOnlySpan<byte> value)
    {
        Span<byte> header = stackalloc byte[4];
        header[0] = type;
        header[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], checked((ushort)value.Length));
        writer.Write(header);
        writer.Write(value);
    }

    private static void WriteUInt32(ArrayBufferWriter<byte> writer, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        writer.Write(bytes);
    }

    private static byte[] Ascii(string value) => Encoding.ASCII.GetBytes(value);

    private static DicomProtocolException Invalid(string message) => new(AbortReason.InvalidPduParameterValue, message);
}
