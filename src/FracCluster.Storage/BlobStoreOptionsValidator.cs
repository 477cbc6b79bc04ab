using Microsoft.Extensions.Options;

namespace FracCluster.Storage;

/// <summary>Checks <see cref="BlobStoreOptions"/> at start, so a bad setting fails the host with a message instead of the first request.</summary>
public sealed class BlobStoreOptionsValidator : IValidateOptions<BlobStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, BlobStoreOptions options)
    {
        var failures = Failures(options).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static IEnumerable<string> Failures(BlobStoreOptions o)
    {
        if (!Enum.IsDefined(o.Provider))
            yield return $"BlobStore:Provider '{o.Provider}' is not one of {string.Join(", ", Enum.GetNames<BlobStoreProvider>())}.";
        if (o.Provider == BlobStoreProvider.File)
        {
            if (string.IsNullOrWhiteSpace(o.Root))
                yield return "BlobStore:Root must name a folder when Provider is File.";
            yield break;
        }
        if (o.Provider != BlobStoreProvider.AzureBlob)
            yield break;
        foreach (var failure in AzureFailures(o))
            yield return failure;
    }

    /// <summary>The Azure settings' failures, whatever <see cref="BlobStoreOptions.Provider"/> says.</summary>
    internal static IEnumerable<string> AzureFailures(BlobStoreOptions o)
    {
        var hasConnectionString = !string.IsNullOrWhiteSpace(o.ConnectionString);
        if (!hasConnectionString && o.ServiceUri is null)
            yield return "BlobStore: Provider AzureBlob needs ConnectionString, or ServiceUri (with a SAS token or UseManagedIdentity).";
        if (!hasConnectionString && o.ServiceUri is { } uri)
        {
            if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
                yield return $"BlobStore:ServiceUri '{uri}' must be an absolute http(s) URI.";
            else if (!HasSas(uri) && !o.UseManagedIdentity)
                yield return "BlobStore:ServiceUri has no SAS token: set UseManagedIdentity=true or add a SAS query string.";
            else if (HasSas(uri) && o.UseManagedIdentity)
                yield return "BlobStore:ServiceUri carries a SAS token and UseManagedIdentity is set: choose one.";
        }
        if (!IsValidContainerName(o.ContainerName))
            yield return $"BlobStore:ContainerName '{o.ContainerName}' is not a valid container name (3-63 characters: lowercase letters, digits and single hyphens, starting and ending with a letter or digit).";
        if (o.MaxRetries is < 0 or > 20)
            yield return $"BlobStore:MaxRetries {o.MaxRetries} must be between 0 and 20.";
        if (o.RetryDelay < TimeSpan.Zero || o.MaxRetryDelay < o.RetryDelay)
            yield return "BlobStore:RetryDelay must be non-negative and at most MaxRetryDelay.";
        if (o.NetworkTimeout <= TimeSpan.Zero)
            yield return "BlobStore:NetworkTimeout must be positive.";
    }

    internal static bool HasSas(Uri uri) =>
        uri.Query.Contains("sig=", StringComparison.OrdinalIgnoreCase);

    /// <summary>Azure's container naming rules.</summary>
    public static bool IsValidContainerName(string? name)
    {
        if (name is null || name.Length is < 3 or > 63)
            return false;
        if (!char.IsAsciiLetterOrDigit(name[0]) || !char.IsAsciiLetterOrDigit(name[^1]))
            return false;
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '-')
            {
                if (name[i - 1] == '-')
                    return false;
            }
            else if (!char.IsAsciiDigit(c) && !char.IsAsciiLetterLower(c))
            {
                return false;
            }
        }
        return true;
    }
}
