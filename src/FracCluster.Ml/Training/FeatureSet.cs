using System.Buffers.Binary;
using System.Text;
using FracCluster.Ml.Data;

namespace FracCluster.Ml.Training;

/// <summary>
/// Backbone features of a list of images, row i belonging to Items[i]. Also the on-the-wire "feature shard" a
/// distributed extraction writes per shard: <see cref="Serialize"/> / <see cref="Deserialize"/>.
/// </summary>
public sealed class FeatureSet
{
    private static readonly byte[] Magic = "FCFS1\0"u8.ToArray();

    public FeatureSet(IReadOnlyList<ManifestEntry> items, int featureCount, float[] values)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(values);
        if (featureCount < 1)
            throw new ArgumentOutOfRangeException(nameof(featureCount), featureCount, "Features need at least one dimension.");
        if (values.Length != (long)items.Count * featureCount)
            throw new ArgumentException($"{values.Length} values do not make {items.Count} rows of {featureCount}.", nameof(values));
        Items = items;
        FeatureCount = featureCount;
        Values = values;
    }

    public IReadOnlyList<ManifestEntry> Items { get; }

    public int FeatureCount { get; }

    /// <summary>Row-major [Items.Count, FeatureCount].</summary>
    public float[] Values { get; }

    public int Count => Items.Count;

    public ReadOnlySpan<float> Row(int i) => Values.AsSpan(i * FeatureCount, FeatureCount);

    /// <summary>Concatenates shards in order (e.g. the shards of one split written by several workers).</summary>
    public static FeatureSet Concat(IReadOnlyList<FeatureSet> parts, int featureCount)
    {
        if (parts.Any(p => p.FeatureCount != featureCount))
            throw new ArgumentException("Feature shards of different widths cannot be joined.", nameof(parts));
        return new FeatureSet(parts.SelectMany(p => p.Items).ToList(), featureCount, parts.SelectMany(p => p.Values).ToArray());
    }

    /// <summary>A compact binary form: magic, feature count, rows of (path, sha256, label, split, features).</summary>
    public byte[] Serialize()
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(FeatureCount);
            w.Write(Count);
            for (var i = 0; i < Count; i++)
            {
                var e = Items[i];
                w.Write(e.Path);
                w.Write(e.Sha256);
                w.Write(e.Label);
                w.Write((int)e.Split);
                foreach (var v in Row(i))
                    w.Write(v);
            }
        }
        return ms.ToArray();
    }

    public static FeatureSet Deserialize(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < Magic.Length + 8 || !bytes[..Magic.Length].SequenceEqual(Magic))
            throw new InvalidDataException("Not a FracCluster feature shard (bad magic).");
        using var r = new BinaryReader(new MemoryStream(bytes.ToArray()), Encoding.UTF8);
        r.ReadBytes(Magic.Length);
        var featureCount = r.ReadInt32();
        var count = r.ReadInt32();
        if (featureCount < 1 || count < 0)
            throw new InvalidDataException($"Corrupt feature shard header ({count} rows of {featureCount}).");
        var items = new ManifestEntry[count];
        var values = new float[(long)count * featureCount];
        try
        {
            for (var i = 0; i < count; i++)
            {
                var path = r.ReadString();
                var sha = r.ReadString();
                var label = r.ReadString();
                var split = (SplitName)r.ReadInt32();
                items[i] = new ManifestEntry(path, sha, label, split);
                var row = r.ReadBytes(featureCount * sizeof(float));
                if (row.Length != featureCount * sizeof(float))
                    throw new InvalidDataException("The feature shard is truncated.");
                for (var j = 0; j < featureCount; j++)
                    values[(i * featureCount) + j] = BinaryPrimitives.ReadSingleLittleEndian(row.AsSpan(j * sizeof(float)));
            }
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException("The feature shard is truncated.", ex);
        }
        return new FeatureSet(items, featureCount, values);
    }
}
