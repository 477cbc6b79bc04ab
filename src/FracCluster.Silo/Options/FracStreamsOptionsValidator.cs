using Microsoft.Extensions.Options;

namespace FracCluster.Silo.Options;

public sealed class FracStreamsOptionsValidator : IValidateOptions<FracStreamsOptions>
{
    public ValidateOptionsResult Validate(string? name, FracStreamsOptions o)
    {
        var s = FracStreamsOptions.Section;
        var errors = new List<string>();
        if (o.QueueCount is < 1 or > 256)
            errors.Add($"{s}:QueueCount must be between 1 and 256 (got {o.QueueCount}).");
        if (o.Provider == StreamsProvider.AzureQueue && string.IsNullOrWhiteSpace(o.ConnectionString))
            errors.Add($"{s}:ConnectionString is required for Provider AzureQueue.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
