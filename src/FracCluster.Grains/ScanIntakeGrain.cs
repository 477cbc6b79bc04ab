using FracCluster.Contracts;
using FracCluster.Grains.Intake;
using Orleans.Concurrency;

namespace FracCluster.Grains;

/// <summary>Scan intake for Orleans clients; runs on the silo the client is connected to (stateless worker).</summary>
[StatelessWorker]
public sealed class ScanIntakeGrain(ScanIntake intake) : Grain, IScanIntakeGrain
{
    public Task<SubmitOutcome> SubmitAsync(ScanSubmission submission) => intake.SubmitAsync(submission);
}
