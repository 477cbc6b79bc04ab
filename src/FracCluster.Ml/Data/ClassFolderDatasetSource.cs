using FracCluster.Storage;

namespace FracCluster.Ml.Data;

/// <summary>
/// One folder per class, images anywhere below it (<c>&lt;class&gt;/**/*.png</c>); files directly under the root are ignored.
/// Class order: the explicit <c>classOrder</c> when given (folders not in it are ignored; a listed class without a folder
/// has no images), else the folder names sorted ordinally, as torchvision's ImageFolder does. Pass the order explicitly for
/// anything that becomes a checkpoint: sorting silently reorders labels when a folder is renamed.
/// </summary>
public sealed class ClassFolderDatasetSource : BlobDatasetSource
{
    private ClassFolderDatasetSource(IBlobStore store, string prefix, string description, IReadOnlyList<string> classNames, IReadOnlyList<DatasetEntry> entries)
        : base(store, prefix, description, classNames, entries)
    {
    }

    public static async Task<ClassFolderDatasetSource> OpenAsync(
        IBlobStore store, string prefix, IReadOnlyList<string>? classOrder = null, string? description = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        prefix = NormalizePrefix(prefix);
        if (classOrder is not null)
            ValidateClassOrder(classOrder);

        var found = new List<DatasetEntry>();
        foreach (var path in await ListRelativeAsync(store, prefix, string.Empty, cancellationToken))
        {
            var slash = path.IndexOf('/', StringComparison.Ordinal);
            if (slash <= 0 || path[0] == '.' || !ImageFileTypes.IsImagePath(path))
                continue;
            found.Add(new DatasetEntry(path, path[..slash]));
        }
        IReadOnlyList<string> classes = classOrder?.ToArray() ?? found.Select(e => e.Label).Distinct().Order(StringComparer.Ordinal).ToArray();
        var wanted = classes.ToHashSet(StringComparer.Ordinal);
        var entries = found.Where(e => wanted.Contains(e.Label)).ToList();
        return new ClassFolderDatasetSource(store, prefix, description ?? $"class folders at '{prefix}'", classes, entries);
    }

    private static void ValidateClassOrder(IReadOnlyList<string> classOrder)
    {
        if (classOrder.Count < 2)
            throw new DatasetException($"A class order needs at least two classes; got {classOrder.Count}.");
        foreach (var name in classOrder)
        {
            if (string.IsNullOrWhiteSpace(name) || name.Contains('/', StringComparison.Ordinal))
                throw new DatasetException($"Class name '{name}' is not a folder name.");
        }
        var duplicate = classOrder.GroupBy(c => c, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new DatasetException($"Class '{duplicate.Key}' appears twice in the class order.");
    }
}
