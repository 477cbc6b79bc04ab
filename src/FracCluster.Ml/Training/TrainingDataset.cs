using FracCluster.Ml.Data;

namespace FracCluster.Ml.Training;

/// <summary>
/// Already-split items of one binary dataset and where to read their bytes. The split itself comes from a split
/// manifest (the data layer's job); the trainer only checks what it needs to train.
/// </summary>
public sealed class TrainingDataset
{
    private readonly Dictionary<string, int> _classIndex;

    /// <param name="entries">Manifest lines: path, SHA-256, label and split of every image.</param>
    /// <param name="classNames">Class names in model output order.</param>
    /// <param name="positiveClass">Index of the positive ("fractured") class in <paramref name="classNames"/>.</param>
    /// <param name="readAsync">Reads an image's bytes by its manifest path (e.g. <see cref="IDatasetSource.ReadAsync"/>).</param>
    public TrainingDataset(IReadOnlyList<ManifestEntry> entries, IReadOnlyList<string> classNames, int positiveClass, Func<string, CancellationToken, Task<byte[]>> readAsync)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(classNames);
        ArgumentNullException.ThrowIfNull(readAsync);
        if (classNames.Count != 2)
            throw new TrainingDataException($"Training is binary (fractured / not fractured); got {classNames.Count} classes: {string.Join(", ", classNames)}.");
        if (positiveClass < 0 || positiveClass >= classNames.Count)
            throw new ArgumentOutOfRangeException(nameof(positiveClass), positiveClass, "The positive class must index the class names.");
        _classIndex = classNames.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i, StringComparer.Ordinal);
        foreach (var e in entries)
        {
            if (!_classIndex.ContainsKey(e.Label))
                throw new TrainingDataException($"'{e.Path}' has label '{e.Label}', which is not one of the classes {string.Join(", ", classNames)}.");
        }
        Entries = entries;
        ClassNames = classNames;
        PositiveClass = positiveClass;
        ReadAsync = readAsync;
    }

    public IReadOnlyList<ManifestEntry> Entries { get; }

    public IReadOnlyList<string> ClassNames { get; }

    public int PositiveClass { get; }

    public Func<string, CancellationToken, Task<byte[]>> ReadAsync { get; }

    /// <summary>From a dataset source and its split manifest.</summary>
    public static TrainingDataset FromSource(IDatasetSource source, IReadOnlyList<ManifestEntry> manifest, int positiveClass) =>
        new(manifest, source.ClassNames, positiveClass, source.ReadAsync);

    /// <summary>The class named "fractured" (any case), else the first class: FracAtlas lists fractured first.</summary>
    public static int DefaultPositiveClass(IReadOnlyList<string> classNames)
    {
        for (var i = 0; i < classNames.Count; i++)
        {
            if (string.Equals(classNames[i], "fractured", StringComparison.OrdinalIgnoreCase))
                return i;
        }
        return 0;
    }

    public int ClassIndexOf(string label) => _classIndex[label];

    public IReadOnlyList<ManifestEntry> Split(SplitName split) => Entries.Where(e => e.Split == split).ToList();
}
