using Microsoft.Extensions.Options;

namespace FracCluster.Grains.Options;

public sealed class IntakeOptionsValidator : IValidateOptions<IntakeOptions>
{
    public ValidateOptionsResult Validate(string? name, IntakeOptions options)
    {
        var errors = new List<string>();
        if (options.MaxImageBytes is < 1024 or > 100L * 1024 * 1024)
            errors.Add($"{IntakeOptions.Section}:MaxImageBytes must be between 1024 and 104857600 (got {options.MaxImageBytes}).");
        if (string.IsNullOrWhiteSpace(options.BlobPrefix) || options.BlobPrefix.Contains("..", StringComparison.Ordinal) || options.BlobPrefix.StartsWith('/'))
            errors.Add($"{IntakeOptions.Section}:BlobPrefix must be a relative blob prefix such as 'scans'.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
