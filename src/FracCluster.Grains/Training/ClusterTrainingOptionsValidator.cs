using Microsoft.Extensions.Options;

namespace FracCluster.Grains.Training;

public sealed class ClusterTrainingOptionsValidator : IValidateOptions<ClusterTrainingOptions>
{
    /// <summary>64 MiB: headroom under Orleans' 100 MB message body limit for the rest of the message.</summary>
    public const long MaxInlineGradientBytes = 64L * 1024 * 1024;

    public ValidateOptionsResult Validate(string? name, ClusterTrainingOptions options)
    {
        var failures = new List<string>();
        if (options.TickMilliseconds is < 10 or > 60_000)
            failures.Add($"{ClusterTrainingOptions.Section}:TickMilliseconds must be between 10 and 60000 (got {options.TickMilliseconds}).");
        if (options.MaxShardsPerSilo < 1)
            failures.Add($"{ClusterTrainingOptions.Section}:MaxShardsPerSilo must be at least 1 (got {options.MaxShardsPerSilo}).");
        if (options.ExtractionConcurrency < 1)
            failures.Add($"{ClusterTrainingOptions.Section}:ExtractionConcurrency must be at least 1 (got {options.ExtractionConcurrency}).");
        if (options.MaxInferenceYieldMilliseconds is < 0 or > 60_000)
            failures.Add($"{ClusterTrainingOptions.Section}:MaxInferenceYieldMilliseconds must be between 0 and 60000 (got {options.MaxInferenceYieldMilliseconds}).");
        if (options.MaxShardAttempts < 1)
            failures.Add($"{ClusterTrainingOptions.Section}:MaxShardAttempts must be at least 1 (got {options.MaxShardAttempts}).");
        if (options.MaxStepFailures < 1)
            failures.Add($"{ClusterTrainingOptions.Section}:MaxStepFailures must be at least 1 (got {options.MaxStepFailures}).");
        if (options.WatchdogSeconds is < 1 or > 3600)
            failures.Add($"{ClusterTrainingOptions.Section}:WatchdogSeconds must be between 1 and 3600 (got {options.WatchdogSeconds}).");
        if (options.FineTuneMicroBatches is < 1 or > 1024)
            failures.Add($"{ClusterTrainingOptions.Section}:FineTuneMicroBatches must be between 1 and 1024 (got {options.FineTuneMicroBatches}).");
        if (options.FineTuneInlineGradientBytes is < 0 or > MaxInlineGradientBytes)
            failures.Add($"{ClusterTrainingOptions.Section}:FineTuneInlineGradientBytes must be between 0 and {MaxInlineGradientBytes} (got {options.FineTuneInlineGradientBytes}): Orleans closes the connection on a message body over 100 MB.");
        if (options.InferenceBatchSize < 1)
            failures.Add($"{ClusterTrainingOptions.Section}:InferenceBatchSize must be at least 1 (got {options.InferenceBatchSize}).");
        if (options.DecodeParallelism < 1)
            failures.Add($"{ClusterTrainingOptions.Section}:DecodeParallelism must be at least 1 (got {options.DecodeParallelism}).");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
