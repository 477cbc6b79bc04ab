using FracCluster.Storage;
using Microsoft.Extensions.Logging;

namespace FracCluster.Ml.Data;

/// <summary>How <see cref="DatasetSourceFactory"/> opens a source.</summary>
public sealed class DatasetSourceOptions
{
    public DatasetLayout Layout { get; init; } = DatasetLayout.Auto;

    /// <summary>Class folders: the class (label) order. Null: sorted folder names. FracAtlas has its fixed order and accepts only that.</summary>
    public IReadOnlyList<string>? ClassOrder { get; init; }

    /// <summary>The store that <c>blob:</c> sources are read from (the application's configured store).</summary>
    public IBlobStore? BlobStore { get; init; }

    /// <summary>Connection settings for <c>az://</c> sources; the container comes from the source, not from these settings.</summary>
    public BlobStoreOptions? Azure { get; init; }

    public ILoggerFactory? LoggerFactory { get; init; }
}
