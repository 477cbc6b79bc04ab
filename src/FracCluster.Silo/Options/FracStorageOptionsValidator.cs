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
            if (string.IsNullOrWhiteSpace(o.ConnectionString))
                errors.Add($"{s}:ConnectionString is required for Provider AzureBlob.");
            if (string.IsNullOrWhiteSpace(o.ContainerName))
                errors.Add($"{s}:ContainerName is required for Provider AzureBlob.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
