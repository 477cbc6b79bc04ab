using FracCluster.Ml.Data;
using FracCluster.Storage;

namespace FracCluster.Grains.Training;

/// <summary>Opens a run's dataset: a folder the silos can read, or blob:PREFIX inside the cluster's blob store.</summary>
public static class TrainingData
{
    public static Task<BlobDatasetSource> OpenAsync(IBlobStore blobs, string dataset, CancellationToken cancellationToken) =>
        DatasetSourceFactory.OpenAsync(dataset, new DatasetSourceOptions { BlobStore = blobs }, cancellationToken);
}
