using FracCluster.Dicom.Network;
using Xunit;

namespace FracCluster.Dicom.Tests.Network;

public sealed class PduCodecTests
{
    [Fact]
    public void An_association_request_round_trips_with_its_contexts_and_user_information()
    {
        var request = new AssociateRequestPdu(
            1,
            "FRACCLUSTER",
            "SCANNER1",
            DicomNetworkUids.ApplicationContext,
            [
                new PresentationContextProposal(1, DicomNetworkUids.Verification, [DicomNetworkUids.ImplicitVrLittleEndian]),
                new PresentationContextProposal(3, DicomNetworkUids.ComputedRadiographyImageStorage, [DicomNetworkUids.JpegLosslessSv1, DicomNetworkUids.ExplicitVrLittleEndian]),
            ],
            new UserInformation(16384, DicomNetworkUids.ImplementationClassUid, DicomNetworkUids.ImplementationVersionName));

        var decoded = Assert.IsType<AssociateRequestPdu>(Decode(PduCodec.Encode(request)));

        Assert.Equal(("FRACCLUSTER", "SCANNER1", DicomNetworkUids.ApplicationContext), (decoded.CalledAeTitle, decoded.CallingAeTitle, decoded.ApplicationContext));
        Assert.Equal(request.UserInformation, decoded.UserInformation);
        Assert.Equal(2, decoded.PresentationContexts.Count);
        Assert.Equal(3, decoded.PresentationContexts[1].Id);
        Assert.Equal(request.PresentationContexts[1].TransferSyntaxes, decoded.PresentationContexts[1].TransferSyntaxes);
    }

    [Fact]
    public void An_association_accept_round_trips_results_per_context()
    {
        var accept = new AssociateAcceptPdu(
            "FRACCLUSTER",
            "SCANNER1",
            DicomNetworkUids.ApplicationContext,
            [
                new PresentationContextAnswer(1, PresentationContextResult.Acceptance, DicomNetworkUids.RleLossless),
                new PresentationContextAnswer(3, PresentationContextResult.TransferSyntaxesNotSupported, DicomNetworkUids.ImplicitVrLittleEndian),
            ],
            new UserInformation(0, "1.2.3", null));

        var decoded = Assert.IsType<AssociateAcceptPdu>(Decode(PduCodec.Encode(accept)));

        Assert.Equal(accept.PresentationContexts, decoded.PresentationContexts);
        Assert.Equal(0u, decoded.UserInformation.MaxPduLength);
    }

    [Fact]
    public void Reject_abort_and_release_pdus_keep_their_fields()
    {
        Assert.Equal(DicomAssociationRejection.CalledAeTitleNotRecognized, Assert.IsType<AssociateRejectPdu>(Decode(PduCodec.Encode(new AssociateRejectPdu(DicomAssociationRejection.CalledAeTitleNotRecognized)))).Rejection);
        Assert.Equal(new AbortPdu(AbortSource.ServiceProvider, AbortReason.UnexpectedPdu), Decode(PduCodec.Encode(new AbortPdu(AbortSource.ServiceProvider, AbortReason.UnexpectedPdu))));
        Assert.Same(ReleaseRequestPdu.Instance, Decode(PduCodec.Encode(ReleaseRequestPdu.Instance)));
        Assert.Same(ReleaseResponsePdu.Instance, Decode(PduCodec.Encode(ReleaseResponsePdu.Instance)));
    }

    [Fact]
    public void A_pdata_pdu_carries_several_pdvs_with_their_flags()
    {
        var pdu = new PDataPdu([new Pdv(1, true, true, new byte[] { 1, 2 }), new Pdv(3, false, false, new byte[] { 3, 4, 5, 6 })]);

        var decoded = Assert.IsType<PDataPdu>(Decode(PduCodec.Encode(pdu)));

        Assert.Equal([(1, true, true), (3, false, false)], decoded.Values.Select(v => ((int)v.PresentationContextId, v.IsCommand, v.IsLastFragment)));
        Assert.Equal(new byte[] { 3, 4, 5, 6 }, decoded.Values[1].Data.ToArray());
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 0, 10, 1, 3, 0, 0 })]   // item length past the end
    [InlineData(new byte[] { 0, 0, 0, 1, 1 })]             // item length below the 2 header bytes
    [InlineData(new byte[] { 0, 0, 0, 2, 2, 3 })]          // even presentation context id
    [InlineData(new byte[] { 0, 0, 0, 2, 1, 0xF3 })]       // reserved header bits set
    [InlineData(new byte[] { 0, 0 })]                      // truncated item header
    public void Malformed_pdvs_are_protocol_errors(byte[] body)
    {
        Assert.Throws<DicomProtocolException>(() => PduCodec.Decode(PduType.PData, body));
    }

    [Fact]
    public void A_presentation_context_without_a_transfer_syntax_is_a_protocol_error()
    {
        var request = PduCodec.Encode(new AssociateRequestPdu(
            1, "A", "B", DicomNetworkUids.ApplicationContext, [new PresentationContextProposal(1, DicomNetworkUids.Verification, [])], new UserInformation(0, "1.2", null)));

        Assert.Throws<DicomProtocolException>(() => Decode(request));
    }

    [Fact]
    public async Task The_channel_refuses_a_pdu_longer_than_its_limit_without_reading_the_body()
    {
        var stream = new MemoryStream([0x04, 0, 0, 0x10, 0, 1]);
        await using var channel = new DicomPduChannel(stream, 4096, TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<DicomProtocolException>(() => channel.ReadAsync(TimeSpan.FromSeconds(1), CancellationToken.None));

        Assert.Equal(AbortReason.InvalidPduParameterValue, error.Reason);
    }

    [Fact]
    public async Task The_channel_reports_a_pdu_cut_short_as_end_of_stream()
    {
        var whole = PduCodec.Encode(ReleaseRequestPdu.Instance);
        await using var channel = new DicomPduChannel(new MemoryStream(whole[..7]), 4096, TimeSpan.FromSeconds(1));

        await Assert.ThrowsAsync<EndOfStreamException>(() => channel.ReadAsync(TimeSpan.FromSeconds(1), CancellationToken.None));
    }

    private static Pdu Decode(byte[] encoded) => PduCodec.Decode((PduType)encoded[0], encoded.AsMemory(PduCodec.HeaderLength));
}
