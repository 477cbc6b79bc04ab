using FracCluster.Dicom.Network;
using Xunit;

namespace FracCluster.Dicom.Tests.Network;

/// <summary>
/// Seeded mutations of valid PDUs and command sets: the decoders may only answer with a protocol error (or a
/// decoded value), never another exception, so nothing a peer sends can escape the association as a crash.
/// </summary>
public sealed class MalformedInputFuzzTests
{
    [Fact]
    public void Mutated_pdus_decode_or_fail_as_protocol_errors_only()
    {
        var seeds = new[]
        {
            PduCodec.Encode(new AssociateRequestPdu(
                1, "FRACCLUSTER", "SCANNER1", DicomNetworkUids.ApplicationContext,
                [new PresentationContextProposal(1, DicomNetworkUids.ComputedRadiographyImageStorage, [DicomNetworkUids.JpegLossless, DicomNetworkUids.ImplicitVrLittleEndian])],
                new UserInformation(16384, DicomNetworkUids.ImplementationClassUid, "V1"))),
            PduCodec.Encode(new AssociateAcceptPdu(
                "FRACCLUSTER", "SCANNER1", DicomNetworkUids.ApplicationContext,
                [new PresentationContextAnswer(1, PresentationContextResult.Acceptance, DicomNetworkUids.JpegLossless)],
                new UserInformation(16384, DicomNetworkUids.ImplementationClassUid, null))),
            PduCodec.Encode(new PDataPdu([new Pdv(1, true, true, new byte[40]), new Pdv(1, false, false, new byte[30])])),
            PduCodec.Encode(new AbortPdu(AbortSource.ServiceUser, AbortReason.NotSpecified)),
        };
        var random = new Random(20261203);
        var decoded = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var pdu = Mutate(seeds[i % seeds.Length], random);
            try
            {
                PduCodec.Decode((PduType)pdu[0], pdu.AsMemory(Math.Min(PduCodec.HeaderLength, pdu.Length)));
                decoded++;
            }
            catch (DicomProtocolException)
            {
            }
        }

        // Some mutations only touch values (an AE title letter, a data byte) and must still decode.
        Assert.InRange(decoded, 1, 19_999);
    }

    [Fact]
    public void Mutated_command_sets_are_decoded_or_refused_without_throwing()
    {
        var seed = DimseCommandCodec.Encode(new DimseCommand
        {
            CommandField = (ushort)DimseCommandField.CStoreRequest,
            AffectedSopClassUid = DicomNetworkUids.SecondaryCaptureImageStorage,
            AffectedSopInstanceUid = "1.2.3.4",
            MessageId = 3,
            Priority = 0,
            CommandDataSetType = 0,
        });
        var random = new Random(42);
        var outcomes = new HashSet<bool>();
        for (var i = 0; i < 20_000; i++)
        {
            outcomes.Add(DimseCommandCodec.TryDecode(Mutate(seed, random), out _, out _));
        }

        Assert.Equal([false, true], outcomes.Order());
    }

    /// <summary>Flips, overwrites, truncates or extends a copy of <paramref name="seed"/>.</summary>
    private static byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = seed.ToArray();
        switch (random.Next(4))
        {
            case 0:
                bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                break;
            case 1:
                for (var n = random.Next(1, 4); n > 0; n--)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                }

                break;
            case 2:
                bytes = bytes[..random.Next(bytes.Length)];
                break;
            default:
                var extra = new byte[random.Next(1, 16)];
                random.NextBytes(extra);
                bytes = [.. bytes, .. extra];
                break;
        }

        return bytes.Length == 0 ? [0] : bytes;
    }
}
