using Microsoft.Extensions.Options;

namespace FracCluster.Grains.Options;

public sealed class HeatmapServingOptionsValidator : IValidateOptions<HeatmapServingOptions>
{
    public ValidateOptionsResult Validate(string? name, HeatmapServingOptions options)
    {
        var errors = new List<string>();
        if (!(options.ProbabilityThreshold is >= 0 and <= 1))
            errors.Add($"{HeatmapServingOptions.Section}:ProbabilityThreshold must be between 0 and 1 (got {options.ProbabilityThreshold}).");
        if (!Enum.IsDefined(options.Method))
            errors.Add($"{HeatmapServingOptions.Section}:Method must be GradCam or GradCamPlusPlus (got {(int)options.Method}).");
        if (options.MaxPending is < 1 or > 100_000)
            errors.Add($"{HeatmapServingOptions.Section}:MaxPending must be between 1 and 100000 (got {options.MaxPending}).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
