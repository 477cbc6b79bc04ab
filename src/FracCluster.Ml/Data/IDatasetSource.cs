namespace FracCluster.Ml.Data;

/// <summary>A labelled image collection: a FracAtlas folder, a class-per-folder tree, or either inside a blob container.</summary>
public interface IDatasetSource
{
    /// <summary>Where the data comes from, for messages and run records.</summary>
    string Description { get; }

    /// <summary>Class names in the model's output order (FracAtlas: fractured, non_fractured).</summary>
    IReadOnlyList<string> ClassNames { get; }

    IAsyncEnumerable<DatasetEntry> EnumerateAsync(CancellationToken cancellationToken = default);

    Task<byte[]> ReadAsync(string path, CancellationToken cancellationToken = default);
}
