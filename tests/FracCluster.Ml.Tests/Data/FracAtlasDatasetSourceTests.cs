using FracCluster.Ml.Data;
using FracCluster.Storage;

namespace FracCluster.Ml.Tests.Data;

public sealed class FracAtlasDatasetSourceTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private const string FullCsv =
        "image_id,hand,leg,hip,shoulder,mixed,hardware,multiscan,fractured,fracture_count,frontal,lateral,oblique\n" +
        "IMG0000001.jpg,1,0,0,0,0,0,0,1,1,1,0,0\n" +
        "IMG0000002.jpg,0,1,0,0,0,0,0,1,1,1,0,0\n" +
        "IMG0000003.jpg,0,0,1,0,0,0,0,0,0,1,0,0\n" +
        "IMG0000004.jpg,0,0,0,1,1,0,0,0,0,1,0,0\n" +
        "IMG0000005.jpg,1,1,0,0,0,0,0,0,0,1,0,0\n";

    private void WriteImages(string root = "")
    {
        _folder.Write($"{root}images/Fractured/IMG0000001.jpg", TestImages.Jpeg(1));
        _folder.Write($"{root}images/Fractured/IMG0000002.jpg", TestImages.Jpeg(2));
        _folder.Write($"{root}images/Non_fractured/IMG0000003.jpg", TestImages.Jpeg(3));
        _folder.Write($"{root}images/Non_fractured/IMG0000004.jpg", TestImages.Jpeg(4));
        _folder.Write($"{root}images/Non_fractured/IMG0000005.jpg", TestImages.Jpeg(5));
        _folder.Write($"{root}images/Non_fractured/notes.txt", "not an image");
        _folder.Write($"{root}images/Non_fractured/.DS_Store", "x");
        _folder.Write($"{root}images/Other/IMG0000009.jpg", TestImages.Jpeg(9));
    }

    [Fact]
    public async Task Labels_come_from_the_folders_in_fixed_order_and_body_parts_from_the_csv()
    {
        WriteImages();
        _folder.Write("dataset.csv", FullCsv);

        var source = await FracAtlasDatasetSource.OpenAsync(new FileBlobStore(_folder.Path), string.Empty);

        Assert.Equal(["fractured", "non_fractured"], source.ClassNames);
        Assert.Equal(
            [
                ("images/Fractured/IMG0000001.jpg", "fractured", "hand"),
                ("images/Fractured/IMG0000002.jpg", "fractured", "leg"),
                ("images/Non_fractured/IMG0000003.jpg", "non_fractured", "hip"),
                ("images/Non_fractured/IMG0000004.jpg", "non_fractured", "mixed"),
                ("images/Non_fractured/IMG0000005.jpg", "non_fractured", "mixed"),
            ],
            source.Entries.Select(e => (e.Path, e.Label, e.BodyPart)).ToArray());
        Assert.Equal(TestImages.Jpeg(3), await source.ReadAsync("images/Non_fractured/IMG0000003.jpg"));
    }

    [Fact]
    public async Task A_missing_csv_leaves_body_parts_unknown()
    {
        WriteImages();

        var source = await FracAtlasDatasetSource.OpenAsync(new FileBlobStore(_folder.Path), string.Empty);

        Assert.Null(source.Csv);
        Assert.Equal(5, source.Entries.Count);
        Assert.All(source.Entries, e => Assert.Null(e.BodyPart));
    }

    [Fact]
    public async Task A_partial_csv_is_used_where_it_can_be()
    {
        WriteImages();
        // Columns reordered, 'shoulder' and 'mixed' missing, a short row, a row without id, a duplicate, a truncated last line, CRLF and a BOM.
        _folder.Write("dataset.csv",
            "\uFEFFfractured,image_id,leg,hand,hip\r\n" +
            "1,IMG0000001.jpg,0,1,0\r\n" +
            "1,IMG0000002.jpg\r\n" +
            "0,,0,0,1\r\n" +
            "0,IMG0000001.jpg,1,0,0\r\n" +
            "0,IMG0000003.jpg,0,0,yes\r\n" +
            "0,IMG00000");

        var source = await FracAtlasDatasetSource.OpenAsync(new FileBlobStore(_folder.Path), string.Empty);

        Assert.Equal(new string?[] { "hand", null, null, null, null }, source.Entries.Select(e => e.BodyPart).ToList());
        var csv = source.Csv!;
        Assert.Equal(4, csv.Rows.Count); // IMG1, IMG2 (short), IMG3 (unparseable flag) and the truncated "IMG00000", which has an id.
        Assert.Equal(2, csv.SkippedRows);
        Assert.Contains(csv.Problems, p => p.Contains("no 'shoulder' column", StringComparison.Ordinal));
        Assert.Contains(csv.Problems, p => p.Contains("appears again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_csv_without_image_ids_is_ignored_with_a_reason()
    {
        WriteImages();
        _folder.Write("dataset.csv", "name,hand\nIMG0000001.jpg,1\n");

        var source = await FracAtlasDatasetSource.OpenAsync(new FileBlobStore(_folder.Path), string.Empty);

        Assert.Empty(source.Csv!.Rows);
        Assert.Contains("no image_id column", source.Csv.Problems[0], StringComparison.Ordinal);
        Assert.All(source.Entries, e => Assert.Null(e.BodyPart));
    }

    [Fact]
    public async Task The_layout_works_under_a_prefix_of_a_blob_store()
    {
        WriteImages("datasets/fracatlas/");
        _folder.Write("datasets/fracatlas/dataset.csv", FullCsv);
        _folder.Write("datasets/other/images/Fractured/IMG0000099.jpg", TestImages.Jpeg(99));
        var store = new FileBlobStore(_folder.Path);

        var source = await DatasetSourceFactory.OpenAsync("blob:datasets/fracatlas", new DatasetSourceOptions { BlobStore = store });

        var fracAtlas = Assert.IsType<FracAtlasDatasetSource>(source);
        Assert.Equal("datasets/fracatlas/", fracAtlas.Prefix);
        Assert.Equal(5, fracAtlas.Entries.Count);
        Assert.Equal("hip", fracAtlas.Entries.Single(e => e.Path == "images/Non_fractured/IMG0000003.jpg").BodyPart);
        Assert.Equal(TestImages.Jpeg(1), await source.ReadAsync("images/Fractured/IMG0000001.jpg"));
    }

    public void Dispose() => _folder.Dispose();
}
