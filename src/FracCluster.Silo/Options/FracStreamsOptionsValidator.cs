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
        if (o.Provider == StreamsProvider.AzureQueue)
        {
            AzureEndpointRules.Check(s, o.ConnectionString, o.ServiceUri, errors);
            if (o.PollIntervalMs is < 1 or > 60_000)
                errors.Add($"{s}:PollIntervalMs must be between 1 and 60000 (got {o.PollIntervalMs}).");
            if (o.MessageVisibilityTimeoutSeconds is < 1 or > 3600)
                errors.Add($"{s}:MessageVisibilityTimeoutSeconds must be between 1 and 3600 (got {o.MessageVisibilityTimeoutSeconds}).");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
