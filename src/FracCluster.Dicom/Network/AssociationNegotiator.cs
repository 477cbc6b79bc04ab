namespace FracCluster.Dicom.Network;

/// <summary>The outcome of negotiating an A-ASSOCIATE-RQ: a rejection, or the answer to each presentation context.</summary>
internal sealed record NegotiationOutcome(
    DicomAssociationRejection? Rejection,
    string? ScannerId,
    IReadOnlyList<PresentationContextAnswer> Answers)
{
    public static NegotiationOutcome Reject(DicomAssociationRejection rejection) => new(rejection, null, []);
}

/// <summary>
/// Decides, as a pure function of the request and the options, whether to accept an association and which
/// presentation contexts: the checks an SCP makes before any data flows.
/// </summary>
internal static class AssociationNegotiator
{
    public static NegotiationOutcome Negotiate(AssociateRequestPdu request, DicomListenerOptions options)
    {
        if ((request.ProtocolVersion & 1) == 0)
        {
            return NegotiationOutcome.Reject(DicomAssociationRejection.ProtocolVersionNotSupported);
        }

        if (request.ApplicationContext != DicomNetworkUids.ApplicationContext)
        {
            return NegotiationOutcome.Reject(DicomAssociationRejection.ApplicationContextNotSupported);
        }

        if (!string.Equals(request.CalledAeTitle, options.AeTitle.Trim(' '), StringComparison.Ordinal))
        {
            return NegotiationOutcome.Reject(DicomAssociationRejection.CalledAeTitleNotRecognized);
        }

        var scannerId = FindScanner(options, request.CallingAeTitle);
        if (scannerId is null)
        {
            return NegotiationOutcome.Reject(DicomAssociationRejection.CallingAeTitleNotRecognized);
        }

        var answers = new List<PresentationContextAnswer>(request.PresentationContexts.Count);
        var seen = new HashSet<byte>();
        foreach (var proposal in request.PresentationContexts)
        {
            if (!seen.Add(proposal.Id))
            {
                // PS3.8 9.3.2.2: ids are unique within an association; answering one twice would be ambiguous.
                continue;
            }

            answers.Add(Answer(proposal, options));
        }

        return new NegotiationOutcome(null, scannerId, answers);
    }

    private static string? FindScanner(DicomListenerOptions options, string callingAeTitle)
    {
        foreach (var (title, scannerId) in options.CallingAeTitles)
        {
            if (string.Equals(title.Trim(' '), callingAeTitle, StringComparison.Ordinal))
            {
                return scannerId;
            }
        }

        return null;
    }

    private static PresentationContextAnswer Answer(PresentationContextProposal proposal, DicomListenerOptions options)
    {
        var storage = DicomAcceptedSyntaxes.StorageSopClasses.Contains(proposal.AbstractSyntax)
            || options.AdditionalSopClasses.Contains(proposal.AbstractSyntax, StringComparer.Ordinal);
        var supported = proposal.AbstractSyntax == DicomNetworkUids.Verification
            ? DicomAcceptedSyntaxes.VerificationTransferSyntaxes
            : storage ? DicomAcceptedSyntaxes.StorageTransferSyntaxes : null;
        if (supported is null)
        {
            return new PresentationContextAnswer(proposal.Id, PresentationContextResult.AbstractSyntaxNotSupported, DicomNetworkUids.ImplicitVrLittleEndian);
        }

        // The sender's order is its preference; we store bytes as they come, so any syntax we can decode will do.
        foreach (var transferSyntax in proposal.TransferSyntaxes)
        {
            if (supported.Contains(transferSyntax))
            {
                return new PresentationContextAnswer(proposal.Id, PresentationContextResult.Acceptance, transferSyntax);
            }
        }

        return new PresentationContextAnswer(proposal.Id, PresentationContextResult.TransferSyntaxesNotSupported, DicomNetworkUids.ImplicitVrLittleEndian);
    }
}
