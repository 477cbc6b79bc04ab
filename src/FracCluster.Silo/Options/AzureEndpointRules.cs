namespace FracCluster.Silo.Options;

/// <summary>Shared checks of the Azure settings of the Cluster, Storage and Streams sections.</summary>
internal static class AzureEndpointRules
{
    /// <summary>Exactly one of a connection string or an absolute https (or Azurite http) service URI.</summary>
    public static void Check(string section, string? connectionString, string? serviceUri, List<string> errors)
    {
        var hasConnection = !string.IsNullOrWhiteSpace(connectionString);
        var hasUri = !string.IsNullOrWhiteSpace(serviceUri);
        if (!hasConnection && !hasUri)
            errors.Add($"{section}: set ConnectionString (account key, SAS or Azurite) or ServiceUri (managed identity) for the Azure provider.");
        else if (hasConnection && hasUri)
            errors.Add($"{section}: set either ConnectionString or ServiceUri, not both.");
        else if (hasUri && (!Uri.TryCreate(serviceUri, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")))
            errors.Add($"{section}:ServiceUri '{serviceUri}' is not an absolute http(s) URI such as https://ACCOUNT.blob.core.windows.net/.");
    }

    /// <summary>Azure container rules: 3-63 characters, lowercase letters, digits and single hyphens, starting with a letter or digit.</summary>
    public static void CheckContainerName(string setting, string? name, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(name)
            || name.Length is < 3 or > 63
            || !name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')
            || name[0] == '-' || name[^1] == '-' || name.Contains("--", StringComparison.Ordinal))
        {
            errors.Add($"{setting} '{name}' is not a valid Azure container name (3-63 lowercase letters, digits and single hyphens).");
        }
    }
}
