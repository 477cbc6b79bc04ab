using FracCluster.Storage;
using Microsoft.Extensions.Configuration;

namespace FracCluster.Cli;

/// <summary>
/// Blob store settings for CLI commands, from the same <c>BlobStore__*</c> environment variables the silo reads
/// (<c>BlobStore__Provider</c>, <c>BlobStore__Root</c>, <c>BlobStore__ConnectionString</c>, …). For <c>az://</c> sources the
/// conventional <c>AZURE_STORAGE_CONNECTION_STRING</c> is honoured too.
/// </summary>
public static class CliBlobStore
{
    public static BlobStoreOptions OptionsFromEnvironment()
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        return configuration.GetSection(BlobStoreOptions.SectionName).Get<BlobStoreOptions>() ?? new BlobStoreOptions();
    }

    /// <summary>Azure settings for <c>az://</c> sources: an explicit connection string wins, then the environment; null when none is set.</summary>
    public static BlobStoreOptions? AzureOptions(string? connectionString)
    {
        var options = OptionsFromEnvironment();
        options.Provider = BlobStoreProvider.AzureBlob;
        if (!string.IsNullOrWhiteSpace(connectionString))
            options.ConnectionString = connectionString;
        else if (string.IsNullOrWhiteSpace(options.ConnectionString))
            options.ConnectionString = Environment.GetEnvironmentVariable("AZURE_STORAGE_CONNECTION_STRING");
        return string.IsNullOrWhiteSpace(options.ConnectionString) && options.ServiceUri is null ? null : options;
    }
}
