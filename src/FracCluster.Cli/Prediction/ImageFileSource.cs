namespace FracCluster.Cli.Prediction;

/// <summary>Turns the files and folders given on the command line into the list of files to classify.</summary>
public static class ImageFileSource
{
    /// <summary>Extensions picked up when a folder is given. Files named explicitly are taken whatever their extension.</summary>
    public static IReadOnlySet<string> ImageExtensions { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        ".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff", ".gif", ".webp",
    };

    /// <summary>
    /// Files as given, then each folder's image files (recursively, sorted ordinally so runs are repeatable).
    /// Paths that do not exist are returned in <paramref name="missing"/>.
    /// </summary>
    public static IReadOnlyList<string> Expand(IEnumerable<string> paths, out IReadOnlyList<string> missing)
    {
        var files = new List<string>();
        var notFound = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                if (seen.Add(Path.GetFullPath(path)))
                    files.Add(path);
            }
            else if (Directory.Exists(path))
            {
                var found = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(f => ImageExtensions.Contains(Path.GetExtension(f)))
                    .Order(StringComparer.Ordinal);
                foreach (var file in found)
                {
                    if (seen.Add(Path.GetFullPath(file)))
                        files.Add(file);
                }
            }
            else
            {
                notFound.Add(path);
            }
        }
        missing = notFound;
        return files;
    }
}
