using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace FracCluster.Grains.Options;

public sealed partial class ModelsOptionsValidator : IValidateOptions<ModelsOptions>
{
    public ValidateOptionsResult Validate(string? name, ModelsOptions options)
    {
        var errors = new List<string>();
        foreach (var device in options.Devices)
        {
            if (!DevicePattern().IsMatch(device))
                errors.Add($"{ModelsOptions.Section}:Devices has '{device}'; expected 'cpu' or 'cuda:N'.");
        }
        if (options.Threads is < 0 or > 1024)
            errors.Add($"{ModelsOptions.Section}:Threads must be between 0 and 1024 (got {options.Threads}).");
        if (options.PipelineDepth is < 1 or > 16)
            errors.Add($"{ModelsOptions.Section}:PipelineDepth must be between 1 and 16 (got {options.PipelineDepth}).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    [GeneratedRegex("^(cpu|cuda:[0-9]{1,2})$")]
    private static partial Regex DevicePattern();
}
