using System.Text;
using FracCluster.Imaging;
using FracCluster.Imaging.Annotations;
using FracCluster.Storage;

namespace FracCluster.Ml.Data;

/// <summary>
/// Loads a FracAtlas source's fracture boxes: from the COCO JSON file when present (one read), else the PASCAL VOC
/// files, else the YOLO files (whose relative coordinates need each image's size, read from its header). Keyed by
/// image file name, case-insensitively.
/// </summary>
internal static class FracAtlasBoxes
{
    public static async Task<(AnnotationSource Source, IReadOnlyDictionary<string, AnnotatedImage> Images)> LoadAsync(
        IBlobStore store, string prefix, IReadOnlyCollection<string> imagePaths, CancellationToken cancellationToken)
    {
        var byName = new Dictionary<string, AnnotatedImage>(StringComparer.OrdinalIgnoreCase);
        var coco = await store.GetAsync(prefix + FracAtlasAnnotations.CocoPath, cancellationToken);
        if (coco is not null)
        {
            foreach (var image in FracAtlasAnnotations.ReadCoco(Encoding.UTF8.GetString(coco), prefix + FracAtlasAnnotations.CocoPath))
                byName[image.FileName] = image;
            return (AnnotationSource.CocoJson, byName);
        }

        foreach (var key in await ListAsync(store, prefix + FracAtlasAnnotations.VocFolder, ".xml", cancellationToken))
        {
            var xml = await store.GetAsync(key, cancellationToken) ?? throw new DatasetException($"{key} disappeared while it was being read.");
            var image = FracAtlasAnnotations.ReadVoc(Encoding.UTF8.GetString(xml), key);
            byName[image.FileName] = image;
        }
        if (byName.Count > 0)
            return (AnnotationSource.PascalVoc, byName);

        var imageByStem = imagePaths.ToLookup(p => Path.GetFileNameWithoutExtension(p), StringComparer.OrdinalIgnoreCase);
        foreach (var key in await ListAsync(store, prefix + FracAtlasAnnotations.YoloFolder, ".txt", cancellationToken))
        {
            var imagePath = imageByStem[Path.GetFileNameWithoutExtension(key)].FirstOrDefault();
            if (imagePath is null)
                continue; // Boxes for an image the source does not have describe nothing here.
            var bytes = await store.GetAsync(prefix + imagePath, cancellationToken) ?? throw new DatasetException($"{imagePath} disappeared while it was being read.");
            ImageProbeResult size;
            try
            {
                size = ImageProbe.Probe(bytes, new ImageLimits());
            }
            catch (ImageRejectedException ex)
            {
                throw new DatasetException($"{key} annotates {imagePath}, whose size cannot be read: {ex.Message}", ex);
            }
            var text = await store.GetAsync(key, cancellationToken) ?? throw new DatasetException($"{key} disappeared while it was being read.");
            var fileName = Path.GetFileName(imagePath);
            byName[fileName] = new AnnotatedImage(fileName, size.Width, size.Height, FracAtlasAnnotations.ReadYolo(Encoding.UTF8.GetString(text), size.Width, size.Height, key));
        }
        return (byName.Count > 0 ? AnnotationSource.Yolo : AnnotationSource.None, byName);
    }

    private static async Task<List<string>> ListAsync(IBlobStore store, string folder, string extension, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        await foreach (var key in store.ListAsync(folder, cancellationToken))
        {
            if (key.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
                keys.Add(key);
        }
        keys.Sort(StringComparer.Ordinal);
        return keys;
    }
}
