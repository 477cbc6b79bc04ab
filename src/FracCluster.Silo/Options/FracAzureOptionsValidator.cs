using Microsoft.Extensions.Options;

namespace FracCluster.Silo.Options;

public sealed class FracAzureOptionsValidator : IValidateOptions<FracAzureOptions>
{
    public ValidateOptionsResult Validate(string? name, FracAzureOptions o)
    {
        var s = FracAzureOptions.Section;
        var errors = new List<string>();
        if (o.ManagedIdentityClientId is { Length: > 0 } id && !Guid.TryParse(id, out _))
            errors.Add($"{s}:ManagedIdentityClientId '{id}' is not a client id (a GUID).");
        if (o.MaxRetries is < 0 or > 10)
            errors.Add($"{s}:MaxRetries must be between 0 and 10 (got {o.MaxRetries}).");
        if (o.RetryDelayMs is < 1 or > 10_000)
            errors.Add($"{s}:RetryDelayMs must be between 1 and 10000 (got {o.RetryDelayMs}).");
        if (o.NetworkTimeoutSeconds is < 1 or > 300)
            errors.Add($"{s}:NetworkTimeoutSeconds must be between 1 and 300 (got {o.NetworkTimeoutSeconds}).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
