namespace FracCluster.Ml.Data;

/// <summary>
/// Where a dataset is, parsed from the SOURCE argument:
/// <list type="bullet">
/// <item><c>az://container/prefix</c> — Azure Blob container and key prefix (prefix may be empty);</item>
/// <item><c>blob:prefix</c> — a key prefix in the application's configured blob store (<c>BlobStore</c> settings);</item>
/// <item><c>file:///path</c> or any other string — a local folder.</item>
/// </list>
/// </summary>
public sealed record DatasetLocation(DatasetLocationKind Kind, string Path, string? Container = null)
{
    public const string AzureScheme = "az://";
    public const string BlobScheme = "blob:";

    public static DatasetLocation Parse(string source)
    {
        if (string.IsNullOrWhiteSpace(source))
            throw new DatasetException("The dataset source is empty: give a folder, blob:PREFIX or az://CONTAINER/PREFIX.");
        if (source.StartsWith(AzureScheme, StringComparison.OrdinalIgnoreCase))
        {
            var rest = source[AzureScheme.Length..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            var container = slash < 0 ? rest : rest[..slash];
            var prefix = slash < 0 ? string.Empty : rest[(slash + 1)..];
            if (container.Length == 0)
                throw new DatasetException($"'{source}' names no container: use az://CONTAINER/PREFIX.");
            return new DatasetLocation(DatasetLocationKind.Azure, BlobDatasetSource.NormalizePrefix(prefix), container);
        }
        if (source.StartsWith(BlobScheme, StringComparison.OrdinalIgnoreCase))
            return new DatasetLocation(DatasetLocationKind.Blob, BlobDatasetSource.NormalizePrefix(source[BlobScheme.Length..]));
        if (source.StartsWith("file://", StringComparison.OrdinalIgnoreCase) && Uri.TryCreate(source, UriKind.Absolute, out var fileUri))
            return new DatasetLocation(DatasetLocationKind.Local, fileUri.LocalPath);
        return new DatasetLocation(DatasetLocationKind.Local, source);
    }

    public override string ToString() => Kind switch
    {
        DatasetLocationKind.Azure => $"{AzureScheme}{Container}/{Path}",
        DatasetLocationKind.Blob => $"{BlobScheme}{Path}",
        _ => Path,
    };
}
