namespace FracCluster.Ml.Import;

/// <summary>How far a checkpoint's outputs are from a PyTorch reference on the same input.</summary>
/// <param name="MaxAbsLogitDifference">max |logits − reference logits|.</param>
/// <param name="MaxAbsFeatureDifference">max |features − reference features| when the reference has 'features'.</param>
/// <param name="InputShape">Shape of the reference input.</param>
/// <param name="Tolerance">The pass threshold.</param>
public sealed record ImportVerification(double MaxAbsLogitDifference, double? MaxAbsFeatureDifference, IReadOnlyList<long> InputShape, double Tolerance)
{
    public const double DefaultTolerance = 1e-4;

    public bool Passed => MaxAbsLogitDifference <= Tolerance && (MaxAbsFeatureDifference ?? 0) <= Tolerance;
}
