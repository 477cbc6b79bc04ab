using Microsoft.Extensions.Options;

namespace FracCluster.Grains.Options;

public sealed class WorklistOptionsValidator : IValidateOptions<WorklistOptions>
{
    public ValidateOptionsResult Validate(string? name, WorklistOptions options) =>
        options.Capacity is < 10 or > 100_000
            ? ValidateOptionsResult.Fail($"{WorklistOptions.Section}:Capacity must be between 10 and 100000 (got {options.Capacity}).")
            : ValidateOptionsResult.Success;
}
