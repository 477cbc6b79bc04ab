using FracCluster.Storage;
using FracCluster.Storage.Azure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FracCluster.Ml.Data;

/// <summary>Opens a dataset from a SOURCE string (see <see cref="DatasetLocation"/> for the syntax) in a layout (<see cref="DatasetLayout"/>).</summary>
public static class DatasetSourceFactory
{
    /// <exception cref="DatasetException">The source does not exist, holds no images, or cannot be reached with the settings given.</exception>
    public static async Task<BlobDatasetSource> OpenAsync(string source, DatasetSourceOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new DatasetSourceOptions();
        var location = DatasetLocation.Parse(source);
        var store = StoreFor(location, options);
        var description = location.ToString();
        // A local folder is the root of its own store; blob and Azure sources are a prefix inside theirs.
        var prefix = location.Kind == DatasetLocationKind.Local ? string.Empty : location.Path;

        var layout = options.Layout;
        if (layout == DatasetLayout.Auto)
        {
            layout = await FracAtlasDatasetSource.LooksLikeFracAtlasAsync(store, prefix, cancellationToken)
                ? DatasetLayout.FracAtlas
                : DatasetLayout.ClassFolders;
        }
        BlobDatasetSource opened;
        if (layout == DatasetLayout.FracAtlas)
        {
            if (options.ClassOrder is not null && !options.ClassOrder.SequenceEqual(FracAtlasDatasetSource.Labels, StringComparer.Ordinal))
            {
                throw new DatasetException(
                    $"FracAtlas labels are {string.Join(", ", FracAtlasDatasetSource.Labels)} in that order; a different class order ({string.Join(", ", options.ClassOrder)}) cannot be applied. Use --layout class-folders to treat the folders as classes.");
            }
            opened = await FracAtlasDatasetSource.OpenAsync(store, prefix, $"FracAtlas {description}", cancellationToken);
        }
        else
        {
            opened = await ClassFolderDatasetSource.OpenAsync(store, prefix, options.ClassOrder, $"class folders {description}", cancellationToken);
        }
        if (opened.Entries.Count == 0)
        {
            throw new DatasetException(layout == DatasetLayout.FracAtlas
                ? $"No images under {description}images/Fractured or images/Non_fractured."
                : $"No images in class folders under {description} (expected <class>/<image>.jpg|png|...).");
        }
        return opened;
    }

    private static IBlobStore StoreFor(DatasetLocation location, DatasetSourceOptions options)
    {
        switch (location.Kind)
        {
            case DatasetLocationKind.Local:
                if (!Directory.Exists(location.Path))
                    throw new DatasetException($"Dataset folder '{location.Path}' does not exist.");
                return new FileBlobStore(location.Path);
            case DatasetLocationKind.Blob:
                return options.BlobStore
                    ?? throw new DatasetException($"'{location}' needs the application's blob store; none is configured (BlobStore settings).");
            default:
                if (options.Azure is null)
                    throw new DatasetException($"'{location}' needs Azure Storage settings: a connection string (AZURE_STORAGE_CONNECTION_STRING or BlobStore__ConnectionString) or a service URI with a SAS token or managed identity.");
                if (!BlobStoreOptionsValidator.IsValidContainerName(location.Container))
                    throw new DatasetException($"'{location.Container}' is not a valid Azure container name.");
                var azure = Copy(options.Azure, location.Container!);
                var loggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance;
                // Reading a dataset must not create an empty container by mistake.
                return new AzureBlobStore(AzureBlobStore.CreateContainerClient(azure), createContainerIfMissing: false, loggerFactory.CreateLogger<AzureBlobStore>());
        }
    }

    private static BlobStoreOptions Copy(BlobStoreOptions o, string container) => new()
    {
        Provider = BlobStoreProvider.AzureBlob,
        ConnectionString = o.ConnectionString,
        ServiceUri = o.ServiceUri,
        UseManagedIdentity = o.UseManagedIdentity,
        ManagedIdentityClientId = o.ManagedIdentityClientId,
        ContainerName = container,
        CreateContainerIfMissing = false,
        MaxRetries = o.MaxRetries,
        RetryDelay = o.RetryDelay,
        MaxRetryDelay = o.MaxRetryDelay,
        NetworkTimeout = o.NetworkTimeout,
    };
}
