using Microsoft.Extensions.Options;

namespace FracCluster.Silo.Options;

public sealed class ApiOptionsValidator : IValidateOptions<ApiOptions>
{
    public const int MinimumKeyLength = 16;

    public ValidateOptionsResult Validate(string? name, ApiOptions o)
    {
        var s = ApiOptions.Section;
        if (o.ApiKey is { } key && key.Trim().Length < MinimumKeyLength)
            return ValidateOptionsResult.Fail($"{s}:ApiKey is too short: use at least {MinimumKeyLength} characters.");
        if (o.ApiKey is not null && o.ApiKeyFile is not null)
            return ValidateOptionsResult.Fail($"Set either {s}:ApiKey or {s}:ApiKeyFile, not both.");
        return ValidateOptionsResult.Success;
    }
}
