using Microsoft.Extensions.Options;

namespace FracCluster.Grains.Options;

public sealed class RetentionOptionsValidator : IValidateOptions<RetentionOptions>
{
    public ValidateOptionsResult Validate(string? name, RetentionOptions options)
    {
        var failures = new List<string>();
        if (options.Days < 1)
            failures.Add($"{RetentionOptions.Section}:Days must be at least 1 (got {options.Days}).");
        if (options.SweepPeriodMinutes is < 1 or > 24 * 60)
            failures.Add($"{RetentionOptions.Section}:SweepPeriodMinutes must be between 1 and 1440 (got {options.SweepPeriodMinutes}).");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
