using System.Security.Cryptography;
using FracCluster.Ml.Data;
using FracCluster.Ml.Training;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FracCluster.Ml.Tests.Training;

/// <summary>
/// A tiny labelled image set built in memory: "fractured" images carry a bright diagonal line across a noisy grey
/// field, "non_fractured" ones only the field. Deterministic for a seed.
/// </summary>
internal sealed class SyntheticSet
{
    public static readonly string[] Classes = ["fractured", "non_fractured"];

    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly List<ManifestEntry> _entries = [];

    public IReadOnlyList<ManifestEntry> Entries => _entries;

    /// <summary>How many times each path was read.</summary>
    public Dictionary<string, int> Reads { get; } = new(StringComparer.Ordinal);

    public static SyntheticSet Create(int trainPerClass, int validationPerClass, int testPerClass, int size = 48, int seed = 1)
    {
        var set = new SyntheticSet();
        var rng = new Random(seed);
        foreach (var (split, count) in new[] { (SplitName.Train, trainPerClass), (SplitName.Validation, validationPerClass), (SplitName.Test, testPerClass) })
        {
            foreach (var label in Classes)
            {
                for (var i = 0; i < count; i++)
                    set.Add($"{split}/{label}/{i:000}.png", label, split, Render(size, label == "fractured", rng));
            }
        }
        return set;
    }

    public void Add(string path, string label, SplitName split, byte[] bytes)
    {
        _files[path] = bytes;
        _entries.Add(new ManifestEntry(path, Convert.ToHexStringLower(SHA256.HashData(bytes)), label, split));
    }

    public void Remove(Func<ManifestEntry, bool> predicate) => _entries.RemoveAll(e => predicate(e));

    public TrainingDataset ToDataset() => new(_entries.ToList(), Classes, 0, ReadAsync);

    public Task<byte[]> ReadAsync(string path, CancellationToken cancellationToken)
    {
        lock (Reads)
            Reads[path] = Reads.GetValueOrDefault(path) + 1;
        return _files.TryGetValue(path, out var bytes) ? Task.FromResult(bytes) : throw new FileNotFoundException($"No such image: {path}", path);
    }

    public static byte[] Render(int size, bool fractured, Random rng)
    {
        using var image = new Image<Rgb24>(size, size);
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var v = (byte)Math.Clamp(90 + rng.Next(-40, 41), 0, 255);
                image[x, y] = new Rgb24(v, v, v);
            }
        }
        if (fractured)
        {
            // A thick bright stroke at a random offset: easy for a small CNN, absent from every negative.
            var offset = rng.Next(-size / 4, size / 4);
            for (var t = 0; t < size; t++)
            {
                for (var w = -2; w <= 2; w++)
                {
                    var x = t + w;
                    var y = Math.Clamp(t + offset, 0, size - 1);
                    if (x >= 0 && x < size)
                        image[x, y] = new Rgb24(240, 240, 240);
                }
            }
        }
        using var ms = new MemoryStream();
        image.SaveAsPng(ms);
        return ms.ToArray();
    }
}
