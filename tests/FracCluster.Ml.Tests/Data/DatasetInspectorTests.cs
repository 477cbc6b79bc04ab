using System.Buffers.Binary;
using FracCluster.Imaging;
using FracCluster.Ml.Data;

namespace FracCluster.Ml.Tests.Data;

public sealed class DatasetInspectorTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private async Task<DatasetInspection> InspectAsync(bool fullDecode = false) =>
        await DatasetInspector.InspectAsync(await DatasetSourceFactory.OpenAsync(_folder.Path), new DatasetInspectionOptions { FullDecode = fullDecode, MaxParallelism = 2 });

    [Fact]
    public async Task Reports_counts_body_parts_sizes_unreadable_files_and_duplicates()
    {
        _folder.Write("dataset.csv", "image_id,hand,leg,hip,shoulder,mixed,fractured\nf1.jpg,1,0,0,0,0,1\nf2.png,0,0,1,0,0,0\nn1.png,1,0,0,0,0,0\n");
        _folder.Write("images/Fractured/f1.jpg", TestImages.Jpeg(1, 10, 20));
        _folder.Write("images/Fractured/f2.png", TestImages.Png(2, 30, 40));
        _folder.Write("images/Non_fractured/n1.png", TestImages.Png(3, 50, 60));
        _folder.Write("images/Non_fractured/n1-copy.png", TestImages.Png(3, 50, 60));
        _folder.Write("images/Non_fractured/empty.png", []);
        _folder.Write("images/Non_fractured/text.jpg", "this is not an image at all");
        var jpeg = TestImages.Jpeg(4, 64, 64);
        _folder.Write("images/Non_fractured/truncated.jpg", jpeg[..(jpeg.Length / 2)]);

        var r = await InspectAsync();

        Assert.Equal(7, r.TotalImages);
        Assert.Equal([new ClassCount("fractured", 2), new ClassCount("non_fractured", 5)], r.Classes);
        Assert.Equal(
            [new BodyPartCount("hand", "fractured", 1), new BodyPartCount("hand", "non_fractured", 1), new BodyPartCount("hip", "fractured", 1), new BodyPartCount("unknown", "non_fractured", 4)],
            r.BodyParts);
        Assert.Equal(new SizeSummary(10, 40, 50), r.Widths);
        Assert.Equal(new SizeSummary(20, 50, 60), r.Heights);
        Assert.Equal(
            [("images/Non_fractured/empty.png", ImageRejectionReason.Empty), ("images/Non_fractured/text.jpg", ImageRejectionReason.NotAnImage), ("images/Non_fractured/truncated.jpg", ImageRejectionReason.Truncated)],
            r.Unreadable.Select(u => (u.Path, u.Reason)).ToArray());
        var duplicate = Assert.Single(r.Duplicates);
        Assert.Equal(["images/Non_fractured/n1-copy.png", "images/Non_fractured/n1.png"], duplicate.Entries.Select(e => e.Path).ToArray());
        Assert.False(duplicate.HasConflictingLabels);
        Assert.Contains(r.Notes, n => n.Contains("f2.png", StringComparison.Ordinal) && n.Contains("disagrees", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_same_image_under_two_classes_is_flagged()
    {
        _folder.Write("a/x.png", TestImages.Png(1));
        _folder.Write("b/x.png", TestImages.Png(1));
        _folder.Write("b/y.png", TestImages.Png(2));

        var r = await InspectAsync();

        Assert.True(Assert.Single(r.Duplicates).HasConflictingLabels);
        Assert.Contains(r.Notes, n => n.Contains("different labels", StringComparison.Ordinal));
        Assert.Empty(r.BodyParts);
    }

    [Fact]
    public async Task Full_decode_finds_corruption_that_the_header_check_misses()
    {
        var png = TestImages.Png(7, 16, 16);
        // Break the IDAT's zlib stream header but keep a valid chunk CRC, so the chunk structure and the IEND trailer look fine.
        var type = png.AsSpan().IndexOf("IDAT"u8);
        var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(type - 4));
        png[type + 4] = 0xFF;
        png[type + 5] = 0xFF;
        var crc = Crc32(png.AsSpan(type, 4 + length));
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(type + 4 + length), crc);
        _folder.Write("a/ok.png", TestImages.Png(8));
        _folder.Write("b/corrupt.png", png);

        var quick = await InspectAsync();
        var thorough = await InspectAsync(fullDecode: true);

        Assert.Empty(quick.Unreadable);
        var bad = Assert.Single(thorough.Unreadable);
        Assert.Equal(("b/corrupt.png", ImageRejectionReason.Corrupt), (bad.Path, bad.Reason));
    }

    [Fact]
    public async Task A_missing_csv_is_noted_for_fracatlas()
    {
        _folder.Write("images/Fractured/a.png", TestImages.Png(1));

        var r = await InspectAsync();

        Assert.Contains("dataset.csv is missing: no body parts.", r.Notes);
        Assert.Contains(r.Notes, n => n.Contains("'non_fractured' has no images", StringComparison.Ordinal));
    }

    /// <summary>PNG's chunk CRC (ISO 3309 / zlib crc32).</summary>
    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }

    public void Dispose() => _folder.Dispose();
}
