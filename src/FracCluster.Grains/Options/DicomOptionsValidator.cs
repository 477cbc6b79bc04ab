using FracCluster.Dicom.Network;
using Microsoft.Extensions.Options;

namespace FracCluster.Grains.Options;

public sealed class DicomOptionsValidator : IValidateOptions<DicomOptions>
{
    public ValidateOptionsResult Validate(string? name, DicomOptions options)
    {
        const string s = DicomOptions.Section;
        var errors = new List<string>();
        if (!double.IsFinite(options.StudyQuietSeconds) || options.StudyQuietSeconds is < 0.1 or > 86_400)
            errors.Add($"{s}:StudyQuietSeconds must be between 0.1 and 86400 (got {options.StudyQuietSeconds}).");
        if (!double.IsFinite(options.FractureThreshold) || options.FractureThreshold is < 0 or > 1)
            errors.Add($"{s}:FractureThreshold must be between 0 and 1 (got {options.FractureThreshold}).");
        if (options.ExportMaxAttempts is < 1 or > 100)
            errors.Add($"{s}:ExportMaxAttempts must be between 1 and 100 (got {options.ExportMaxAttempts}).");
        if (!double.IsFinite(options.ExportInitialBackoffSeconds) || options.ExportInitialBackoffSeconds is < 0.05 or > 3600)
            errors.Add($"{s}:ExportInitialBackoffSeconds must be between 0.05 and 3600 (got {options.ExportInitialBackoffSeconds}).");
        if (!double.IsFinite(options.ExportMaxBackoffSeconds) || options.ExportMaxBackoffSeconds < options.ExportInitialBackoffSeconds || options.ExportMaxBackoffSeconds > 86_400)
            errors.Add($"{s}:ExportMaxBackoffSeconds must be between ExportInitialBackoffSeconds and 86400 (got {options.ExportMaxBackoffSeconds}).");
        if (!double.IsFinite(options.ExportTimeoutSeconds) || options.ExportTimeoutSeconds is < 0.5 or > 3600)
            errors.Add($"{s}:ExportTimeoutSeconds must be between 0.5 and 3600 (got {options.ExportTimeoutSeconds}).");
        for (var i = 0; i < options.Destinations.Count; i++)
        {
            var destination = options.Destinations[i];
            if (!DicomListenerOptionsValidator.IsValidAeTitle(destination.AeTitle))
                errors.Add($"{s}:Destinations:{i}:AeTitle '{destination.AeTitle}' must be 1-16 printable ASCII characters without a backslash.");
            if (string.IsNullOrWhiteSpace(destination.Host))
                errors.Add($"{s}:Destinations:{i}:Host is required.");
            if (destination.Port is < 1 or > 65535)
                errors.Add($"{s}:Destinations:{i}:Port must be between 1 and 65535 (got {destination.Port}).");
        }
        if (options.Destinations.Select(d => d.Name).Distinct(StringComparer.Ordinal).Count() != options.Destinations.Count)
            errors.Add($"{s}:Destinations lists the same AE title, host and port twice.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
