using Microsoft.Extensions.Options;

namespace FracCluster.Silo.Options;

public sealed class FracStorageOptionsValidator : IValidateOptions<FracStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, FracStorageOptions o)
    {
        var s = FracStorageOptions.Section;
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(o.Root))
            errors.Add($"{s}:Root must name a data folder.");
        if (o.Provider == StorageProvider.AzureBlob)
        {
            AzureEndpointRules.Check(s, o.ConnectionString, o.ServiceUri, errors);
            AzureEndpointRules.CheckContainerName($"{s}:ContainerName", o.ContainerName, errors);
            AzureEndpointRules.CheckContainerName($"{s}:GrainStateContainerName", o.GrainStateContainerName, errors);
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
