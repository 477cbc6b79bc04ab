namespace FracCluster.Ml.Data;

/// <summary>Which files of a source count as images: by extension, as torchvision's ImageFolder does. Hidden files are skipped.</summary>
public static class ImageFileTypes
{
    private static readonly HashSet<string> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".jpg", ".jpeg", ".png", ".bmp", ".gif", ".tif", ".tiff", ".webp",
    };

    public static bool IsImagePath(string path)
    {
        var name = path[(path.LastIndexOf('/') + 1)..];
        return name.Length > 0 && name[0] != '.' && Extensions.Contains(Path.GetExtension(name));
    }
}
