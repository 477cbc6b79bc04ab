namespace FracCluster.Contracts;

/// <summary>
/// Scan intake for in-cluster producers using the Orleans client: the same checks, blob write and stream publish as
/// <c>POST /v1/scans</c>. A stateless worker, so it runs on the silo the client talks to.
/// </summary>
[Alias("frac.IScanIntakeGrain")]
public interface IScanIntakeGrain : IGrainWithIntegerKey
{
    [Alias("Submit")]
    Task<SubmitOutcome> SubmitAsync(ScanSubmission submission);
}
