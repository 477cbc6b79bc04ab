using Microsoft.Extensions.Options;

namespace FracCluster.Grains.Options;

public sealed class BatchingOptionsValidator : IValidateOptions<BatchingOptions>
{
    public ValidateOptionsResult Validate(string? name, BatchingOptions options)
    {
        var errors = new List<string>();
        if (options.MaxBatchSize is < 1 or > 1024)
            errors.Add($"{BatchingOptions.Section}:MaxBatchSize must be between 1 and 1024 (got {options.MaxBatchSize}).");
        if (options.ConsumerRebalanceSeconds < 0)
            errors.Add($"{BatchingOptions.Section}:ConsumerRebalanceSeconds must be 0 (off) or more (got {options.ConsumerRebalanceSeconds}).");
        if (options.MaxDelayMs is < 0 or > 60_000)
            errors.Add($"{BatchingOptions.Section}:MaxDelayMs must be between 0 and 60000 (got {options.MaxDelayMs}).");
        if (options.QueueCapacity < options.MaxBatchSize)
            errors.Add($"{BatchingOptions.Section}:QueueCapacity ({options.QueueCapacity}) must be at least MaxBatchSize ({options.MaxBatchSize}).");
        if (options.MaxOutstandingBatches is < 1 or > 256)
            errors.Add($"{BatchingOptions.Section}:MaxOutstandingBatches must be between 1 and 256 (got {options.MaxOutstandingBatches}).");
        if (options.UrgentExpressBatches is < 0 or > 64)
            errors.Add($"{BatchingOptions.Section}:UrgentExpressBatches must be between 0 and 64 (got {options.UrgentExpressBatches}).");
        if (options.UrgentGatherMs is < 0 or > 10_000)
            errors.Add($"{BatchingOptions.Section}:UrgentGatherMs must be between 0 and 10000 (got {options.UrgentGatherMs}).");
        if (options.RoutineSharePerBatch is < 0 or > 1024)
            errors.Add($"{BatchingOptions.Section}:RoutineSharePerBatch must be between 0 and 1024 (got {options.RoutineSharePerBatch}).");
        if (options.ScanDeadlineMs is <= 0)
            errors.Add($"{BatchingOptions.Section}:ScanDeadlineMs must be positive when set (got {options.ScanDeadlineMs}).");
        if (options.PendingRedriveMs < 100)
            errors.Add($"{BatchingOptions.Section}:PendingRedriveMs must be at least 100 (got {options.PendingRedriveMs}).");
        if (options.MaxRedrives is < 0 or > 100)
            errors.Add($"{BatchingOptions.Section}:MaxRedrives must be between 0 and 100 (got {options.MaxRedrives}).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
