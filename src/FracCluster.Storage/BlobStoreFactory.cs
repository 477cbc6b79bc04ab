using FracCluster.Storage.Azure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FracCluster.Storage;

/// <summary>Builds the store that <see cref="BlobStoreOptions"/> describe, for code without a DI container (the CLI, tools).</summary>
public static class BlobStoreFactory
{
    /// <exception cref="OptionsValidationException">The options are invalid; the message lists every problem.</exception>
    public static IBlobStore Create(BlobStoreOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var validation = new BlobStoreOptionsValidator().Validate(null, options);
        if (validation.Failed)
            throw new OptionsValidationException(nameof(BlobStoreOptions), typeof(BlobStoreOptions), validation.Failures);
        loggerFactory ??= NullLoggerFactory.Instance;
        return options.Provider switch
        {
            BlobStoreProvider.AzureBlob => new AzureBlobStore(options, loggerFactory.CreateLogger<AzureBlobStore>()),
            _ => new FileBlobStore(options.Root),
        };
    }
}
