using Microsoft.Extensions.Options;

namespace FracCluster.Grains.Options;

public sealed class ScanRecoveryOptionsValidator : IValidateOptions<ScanRecoveryOptions>
{
    public ValidateOptionsResult Validate(string? name, ScanRecoveryOptions options)
    {
        var s = ScanRecoveryOptions.Section;
        var errors = new List<string>();
        if (options.CheckPeriodSeconds is < 1 or > 86_400)
            errors.Add($"{s}:CheckPeriodSeconds must be between 1 and 86400 (got {options.CheckPeriodSeconds}).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
