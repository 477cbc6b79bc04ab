using Microsoft.Extensions.Options;

namespace FracCluster.Silo.Web;

public sealed class WebUiOptionsValidator : IValidateOptions<WebUiOptions>
{
    public ValidateOptionsResult Validate(string? name, WebUiOptions options)
    {
        var errors = new List<string>();
        if (options.SessionHours is <= 0 or > 24 * 30 || double.IsNaN(options.SessionHours))
            errors.Add($"{WebUiOptions.Section}:SessionHours must be above 0 and at most 720 (got {options.SessionHours}).");
        if (options.HighSensitivityThreshold is <= 0 or >= 1 || double.IsNaN(options.HighSensitivityThreshold))
            errors.Add($"{WebUiOptions.Section}:HighSensitivityThreshold must be between 0 and 1, exclusive (got {options.HighSensitivityThreshold}).");
        if (options.ThumbnailPixels is < 16 or > 512)
            errors.Add($"{WebUiOptions.Section}:ThumbnailPixels must be between 16 and 512 (got {options.ThumbnailPixels}).");
        if (options.PreviewPixels is < 128 or > 4096)
            errors.Add($"{WebUiOptions.Section}:PreviewPixels must be between 128 and 4096 (got {options.PreviewPixels}).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
