namespace FracCluster.Contracts;

/// <summary>What became of a request for a scan's heatmap.</summary>
public enum ScanHeatmapStatus
{
    /// <summary>The overlay is stored under <see cref="ScanHeatmap.BlobKey"/>.</summary>
    Stored,

    UnknownScan,

    /// <summary>The scan has no result yet: ask again once it is completed.</summary>
    NotCompleted,

    /// <summary>The scan was rejected or expired: no model ever read its image.</summary>
    NotClassified,

    /// <summary>The image is gone from the blob store or no longer matches its hash.</summary>
    ImageUnavailable,

    /// <summary>The model could not read the image, or gives no heatmaps (no convolutional feature maps).</summary>
    NotExplainable,
}
