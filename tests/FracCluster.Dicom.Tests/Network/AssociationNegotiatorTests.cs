using FracCluster.Dicom.Network;
using Xunit;

namespace FracCluster.Dicom.Tests.Network;

public sealed class AssociationNegotiatorTests
{
    private static readonly DicomListenerOptions Options = new()
    {
        AeTitle = "FRACCLUSTER",
        CallingAeTitles = new Dictionary<string, string> { ["CR1"] = "cr-room-1" },
    };

    [Fact]
    public void Storage_contexts_accept_the_senders_first_supported_syntax_and_refuse_jpeg_2000_and_unknown_classes()
    {
        var outcome = AssociationNegotiator.Negotiate(
            Request("CR1", "FRACCLUSTER",
                new PresentationContextProposal(1, DicomNetworkUids.ComputedRadiographyImageStorage, ["1.2.840.10008.1.2.4.90", DicomNetworkUids.JpegLossless, DicomNetworkUids.ExplicitVrLittleEndian]),
                new PresentationContextProposal(3, DicomNetworkUids.DigitalXRayImageStorageForProcessing, ["1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.80"]),
                new PresentationContextProposal(5, "1.2.840.10008.5.1.4.1.1.2", [DicomNetworkUids.ExplicitVrLittleEndian]),
                new PresentationContextProposal(7, DicomNetworkUids.SecondaryCaptureImageStorage, [DicomNetworkUids.ExplicitVrBigEndian, DicomNetworkUids.DeflatedExplicitVrLittleEndian]),
                new PresentationContextProposal(9, DicomNetworkUids.Verification, [DicomNetworkUids.JpegBaseline, DicomNetworkUids.ImplicitVrLittleEndian])),
            Options);

        Assert.Null(outcome.Rejection);
        Assert.Equal("cr-room-1", outcome.ScannerId);
        Assert.Equal(
            [
                (1, PresentationContextResult.Acceptance, DicomNetworkUids.JpegLossless),
                (3, PresentationContextResult.TransferSyntaxesNotSupported, DicomNetworkUids.ImplicitVrLittleEndian),
                (5, PresentationContextResult.AbstractSyntaxNotSupported, DicomNetworkUids.ImplicitVrLittleEndian),
                (7, PresentationContextResult.Acceptance, DicomNetworkUids.DeflatedExplicitVrLittleEndian),
                (9, PresentationContextResult.Acceptance, DicomNetworkUids.ImplicitVrLittleEndian),
            ],
            outcome.Answers.Select(a => ((int)a.Id, a.Result, a.TransferSyntax)));
    }

    [Fact]
    public void Additional_sop_classes_are_accepted_only_where_configured()
    {
        const string comprehensiveSr = "1.2.840.10008.5.1.4.1.1.88.33";
        var request = Request("CR1", "FRACCLUSTER", new PresentationContextProposal(1, comprehensiveSr, [DicomNetworkUids.ExplicitVrLittleEndian]));
        var withSr = new DicomListenerOptions { AeTitle = Options.AeTitle, CallingAeTitles = Options.CallingAeTitles, AdditionalSopClasses = [comprehensiveSr] };

        Assert.Equal(PresentationContextResult.AbstractSyntaxNotSupported, Assert.Single(AssociationNegotiator.Negotiate(request, Options).Answers).Result);
        var accepted = Assert.Single(AssociationNegotiator.Negotiate(request, withSr).Answers);
        Assert.Equal((PresentationContextResult.Acceptance, DicomNetworkUids.ExplicitVrLittleEndian), (accepted.Result, accepted.TransferSyntax));
        Assert.True(new DicomListenerOptionsValidator().Validate(null, new DicomListenerOptions { AdditionalSopClasses = ["not a uid"] }).Failed);
    }

    [Theory]
    [InlineData("STRANGER", "FRACCLUSTER", 3)]
    [InlineData("CR1", "OTHER", 7)]
    public void Unknown_calling_or_wrong_called_ae_is_a_permanent_service_user_rejection(string calling, string called, byte reason)
    {
        var outcome = AssociationNegotiator.Negotiate(Request(calling, called), Options);

        Assert.Equal(new DicomAssociationRejection(DicomRejectResult.Permanent, DicomRejectSource.ServiceUser, reason), outcome.Rejection);
    }

    [Fact]
    public void Another_application_context_or_protocol_version_is_rejected()
    {
        Assert.Equal(
            DicomAssociationRejection.ApplicationContextNotSupported,
            AssociationNegotiator.Negotiate(Request("CR1", "FRACCLUSTER") with { ApplicationContext = "1.2.3" }, Options).Rejection);
        Assert.Equal(
            DicomAssociationRejection.ProtocolVersionNotSupported,
            AssociationNegotiator.Negotiate(Request("CR1", "FRACCLUSTER") with { ProtocolVersion = 2 }, Options).Rejection);
    }

    [Fact]
    public void Options_with_a_bad_ae_title_or_limits_fail_validation()
    {
        var options = new DicomListenerOptions
        {
            AeTitle = "A_TITLE_LONGER_THAN_16",
            CallingAeTitles = new Dictionary<string, string> { ["BAD\\AE"] = "x", ["OK"] = " " },
            MaxPduLength = 100,
            MaxDataSetBytes = 1 << 20,
            MaxBufferedBytes = 1 << 10,
        };

        var result = new DicomListenerOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal(5, result.Failures!.Count());
        Assert.True(new DicomListenerOptionsValidator().Validate(null, Options).Succeeded);
    }

    private static AssociateRequestPdu Request(string calling, string called, params PresentationContextProposal[] contexts) =>
        new(1, called, calling, DicomNetworkUids.ApplicationContext, contexts, new UserInformation(16384, "1.2.3", null));
}
