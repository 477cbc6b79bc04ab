using System.Security.Cryptography;
using System.Text;
using FracCluster.Ml.Data;
using FracCluster.Storage;

namespace FracCluster.Ml.Tests.Data;

public sealed class SplitManifestTests
{
    private static readonly string[] Classes = ["fractured", "non_fractured"];

    private static string Sha(string content) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));

    /// <summary>n1 fractured and n2 non-fractured images with distinct content.</summary>
    private static List<HashedEntry> Dataset(int fractured, int nonFractured) =>
        Enumerable.Range(0, fractured).Select(i => new HashedEntry($"images/Fractured/f{i:D4}.jpg", "fractured", Sha($"f{i}")))
            .Concat(Enumerable.Range(0, nonFractured).Select(i => new HashedEntry($"images/Non_fractured/n{i:D4}.jpg", "non_fractured", Sha($"n{i}"))))
            .ToList();

    [Fact]
    public void Each_class_is_split_80_10_10_exactly_when_it_divides()
    {
        var manifest = SplitManifest.Create(Dataset(50, 200), Classes, seed: 1);

        Assert.Equal((40, 5, 5), (manifest.Count(SplitName.Train, "fractured"), manifest.Count(SplitName.Validation, "fractured"), manifest.Count(SplitName.Test, "fractured")));
        Assert.Equal((160, 20, 20), (manifest.Count(SplitName.Train, "non_fractured"), manifest.Count(SplitName.Validation, "non_fractured"), manifest.Count(SplitName.Test, "non_fractured")));
    }

    [Fact]
    public void Ratios_are_configurable_and_rounded_by_largest_remainder()
    {
        var manifest = SplitManifest.Create(Dataset(7, 13), Classes, seed: 3, new SplitRatios(0.6, 0.2, 0.2));

        // 7 × (0.6, 0.2, 0.2) = 4.2, 1.4, 1.4 → 4, 1, 1 plus the largest remainder (validation, first of the tie) → 4, 2, 1.
        Assert.Equal((4, 2, 1), (manifest.Count(SplitName.Train, "fractured"), manifest.Count(SplitName.Validation, "fractured"), manifest.Count(SplitName.Test, "fractured")));
        // 13 × (0.6, 0.2, 0.2) = 7.8, 2.6, 2.6 → 7, 2, 2; the two left go to the largest remainders, train then validation → 8, 3, 2.
        Assert.Equal((8, 3, 2), (manifest.Count(SplitName.Train, "non_fractured"), manifest.Count(SplitName.Validation, "non_fractured"), manifest.Count(SplitName.Test, "non_fractured")));
    }

    [Fact]
    public void Splits_do_not_overlap_and_cover_every_image()
    {
        var data = Dataset(40, 60);
        var manifest = SplitManifest.Create(data, Classes, seed: 5);

        var train = manifest.For(SplitName.Train).Select(e => e.Path).ToHashSet();
        var validation = manifest.For(SplitName.Validation).Select(e => e.Path).ToHashSet();
        var test = manifest.For(SplitName.Test).Select(e => e.Path).ToHashSet();

        Assert.Empty(train.Intersect(validation));
        Assert.Empty(train.Intersect(test));
        Assert.Empty(validation.Intersect(test));
        Assert.Equal(data.Select(d => d.Path).Order(StringComparer.Ordinal), train.Concat(validation).Concat(test).Order(StringComparer.Ordinal));
        Assert.Empty(manifest.FindLeaks());
    }

    [Fact]
    public void Exact_duplicates_always_land_in_the_same_split()
    {
        var data = Dataset(30, 30);
        // Ten images copied under other names, one of them three times, one copied across classes.
        for (var i = 0; i < 10; i++)
            data.Add(new HashedEntry($"images/Fractured/copy{i}.jpg", "fractured", Sha($"f{i}")));
        data.Add(new HashedEntry("images/Fractured/copy0b.jpg", "fractured", Sha("f0")));
        data.Add(new HashedEntry("images/Non_fractured/crosslabel.jpg", "non_fractured", Sha("f5")));

        for (var seed = 0; seed < 20; seed++)
        {
            var manifest = SplitManifest.Create(data, Classes, seed);
            foreach (var group in manifest.Entries.GroupBy(e => e.Sha256))
                Assert.Single(group.Select(e => e.Split).Distinct());
            Assert.Empty(manifest.FindLeaks());
        }
    }

    [Fact]
    public void Same_seed_gives_the_same_manifest_whatever_the_enumeration_order()
    {
        var data = Dataset(25, 75);
        var shuffled = data.OrderBy(d => Sha(d.Path + "x")).ToList();

        var a = SplitManifest.Create(data, Classes, seed: 42);
        var b = SplitManifest.Create(shuffled, Classes, seed: 42);

        Assert.Equal(a.Entries, b.Entries);
        Assert.Equal(a.Sha256, b.Sha256);
    }

    [Fact]
    public void Different_seeds_give_different_splits_with_the_same_counts()
    {
        var data = Dataset(25, 75);

        var a = SplitManifest.Create(data, Classes, seed: 1);
        var b = SplitManifest.Create(data, Classes, seed: 2);

        Assert.NotEqual(a.For(SplitName.Test).Select(e => e.Path), b.For(SplitName.Test).Select(e => e.Path));
        Assert.NotEqual(a.Sha256, b.Sha256);
        Assert.Equal(a.For(SplitName.Test).Count, b.For(SplitName.Test).Count);
    }

    [Fact]
    public void Seeded_split_is_pinned_so_it_never_changes_across_runtimes()
    {
        var manifest = SplitManifest.Create(Dataset(10, 10), Classes, seed: 7);

        // If this changes, old manifests can no longer be recreated from their seed: bump FormatVersion instead.
        Assert.Equal(
            ["images/Fractured/f0006.jpg", "images/Fractured/f0009.jpg", "images/Non_fractured/n0001.jpg", "images/Non_fractured/n0007.jpg"],
            manifest.For(SplitName.Test).Concat(manifest.For(SplitName.Validation)).Select(e => e.Path).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void Json_and_csv_round_trip_with_the_same_hash()
    {
        var manifest = SplitManifest.Create(Dataset(10, 20).Append(new HashedEntry("images/Fractured/with, comma \"q\".jpg", "fractured", Sha("odd"))), Classes, seed: 9);

        var fromJson = SplitManifest.FromJson(manifest.ToJson());
        var fromCsv = SplitManifest.FromCsv(manifest.ToCsv());

        Assert.Equal(manifest.Entries, fromJson.Entries);
        Assert.Equal(manifest.Entries, fromCsv.Entries);
        Assert.Equal(manifest.Sha256, fromJson.Sha256);
        Assert.Equal(manifest.Sha256, fromCsv.Sha256);
        Assert.Equal((9, manifest.Ratios), (fromCsv.Seed, fromCsv.Ratios));
        Assert.Equal(Classes, fromCsv.ClassNames);
        Assert.Equal(Classes, fromJson.ClassNames);
        Assert.Matches("^[0-9a-f]{64}$", manifest.Sha256);
    }

    [Fact]
    public async Task Saved_with_a_run_and_loaded_again_for_reuse()
    {
        using var folder = new TempFolder();
        var store = new FileBlobStore(folder.Path);
        var manifest = SplitManifest.Create(Dataset(10, 10), Classes, seed: 11);

        await manifest.SaveAsync(store, "runs/r1");
        var json = await SplitManifest.LoadAsync(store, "runs/r1/split-manifest.json");
        var csv = await SplitManifest.LoadFileAsync(Path.Combine(folder.Path, "runs", "r1", "split-manifest.csv"));

        Assert.Equal(manifest.Sha256, json.Sha256);
        Assert.Equal(manifest.Sha256, csv.Sha256);
    }

    [Fact]
    public void A_manifest_whose_test_images_appear_in_train_is_refused_naming_the_files()
    {
        var manifest = SplitManifest.Create(Dataset(10, 10), Classes, seed: 1);
        var test = manifest.For(SplitName.Test)[0];
        var train = manifest.For(SplitName.Train)[0];
        // A hand-edited manifest: a train file now has the test image's content.
        var edited = manifest.ToCsv()
            .Replace($"{train.Path},{train.Sha256},", $"{train.Path},{test.Sha256},", StringComparison.Ordinal)
            .Replace($"# sha256: {manifest.Sha256}\n", string.Empty, StringComparison.Ordinal);

        var ex = Assert.Throws<SplitLeakException>(() => SplitManifest.FromCsv(edited));

        var leak = Assert.Single(ex.Leaks);
        Assert.Equal(test.Path, leak.TestPath);
        Assert.Equal([train.Path], leak.OtherPaths);
        Assert.Contains(test.Path, ex.Message, StringComparison.Ordinal);
        Assert.Contains(train.Path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_edited_manifest_with_its_old_hash_is_refused()
    {
        var manifest = SplitManifest.Create(Dataset(10, 10), Classes, seed: 1);
        var test = manifest.For(SplitName.Test)[0];
        var edited = manifest.ToJson().Replace($"\"path\": \"{test.Path}\"", "\"path\": \"images/Fractured/renamed.jpg\"", StringComparison.Ordinal);

        var ex = Assert.Throws<SplitManifestException>(() => SplitManifest.FromJson(edited));

        Assert.Contains("edited", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reuse_checks_the_data_still_matches()
    {
        var data = Dataset(10, 10);
        var manifest = SplitManifest.Create(data, Classes, seed: 1);
        var changed = data.Skip(1).Select(d => d.Path == data[2].Path ? d with { Sha256 = Sha("changed") } : d).Append(new HashedEntry("images/Fractured/new.jpg", "fractured", Sha("new"))).ToList();

        manifest.EnsureMatches(data.Append(new HashedEntry("images/Fractured/new.jpg", "fractured", Sha("new"))));
        var ex = Assert.Throws<SplitManifestException>(() => manifest.EnsureMatches(changed));

        Assert.Contains($"1 missing: {data[0].Path}", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"1 changed: {data[2].Path}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reuse_refuses_images_that_changed_class()
    {
        var data = Dataset(10, 10);
        var manifest = SplitManifest.Create(data, Classes, seed: 1);
        var moved = data.Select(d => d.Path == data[3].Path ? d with { Label = "non_fractured" } : d);

        var ex = Assert.Throws<SplitManifestException>(() => manifest.EnsureMatches(moved));

        Assert.Contains($"1 relabelled: {data[3].Path}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAsync_hashes_a_source_and_uses_its_class_order()
    {
        using var folder = new TempFolder();
        for (var i = 0; i < 10; i++)
        {
            folder.Write($"normal/{i}.png", TestImages.Png(i));
            folder.Write($"broken/{i}.png", TestImages.Png(100 + i));
        }
        folder.Write("normal/copy-of-0.png", TestImages.Png(0));
        var source = await DatasetSourceFactory.OpenAsync(folder.Path, new DatasetSourceOptions { ClassOrder = ["broken", "normal"] });

        var manifest = await SplitManifest.CreateAsync(source, seed: 3);

        Assert.Equal(["broken", "normal"], manifest.ClassNames);
        Assert.Equal(21, manifest.Entries.Count);
        Assert.Equal(manifest.Entries.Single(e => e.Path == "normal/0.png").Split, manifest.Entries.Single(e => e.Path == "normal/copy-of-0.png").Split);
        Assert.Equal(DatasetHashing.Sha256Hex(TestImages.Png(0)), manifest.Entries.Single(e => e.Path == "normal/copy-of-0.png").Sha256);
    }

    [Fact]
    public void An_empty_class_is_a_clear_error()
    {
        var ex = Assert.Throws<DatasetException>(() => SplitManifest.Create(Dataset(10, 0), Classes, seed: 1));

        Assert.Contains("'non_fractured' has no images", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Labels_outside_the_class_list_and_repeated_paths_are_refused()
    {
        var unknown = Dataset(3, 3).Append(new HashedEntry("x/a.jpg", "cat", Sha("cat")));
        var repeated = Dataset(3, 3).Append(new HashedEntry("images/Fractured/f0000.jpg", "fractured", Sha("again")));

        Assert.Contains("label 'cat'", Assert.Throws<DatasetException>(() => SplitManifest.Create(unknown, Classes, 1)).Message, StringComparison.Ordinal);
        Assert.Contains("appears twice", Assert.Throws<DatasetException>(() => SplitManifest.Create(repeated, Classes, 1)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0.8,0.1,0.1", 0.8, 0.1, 0.1)]
    [InlineData("80/10/10", 0.8, 0.1, 0.1)]
    [InlineData("0.7:0.15:0.15", 0.7, 0.15, 0.15)]
    public void Ratios_parse_fractions_and_percentages(string text, double train, double validation, double test)
    {
        var ratios = SplitRatios.Parse(text);

        Assert.Equal(train, ratios.Train, 9);
        Assert.Equal(validation, ratios.Validation, 9);
        Assert.Equal(test, ratios.Test, 9);
    }

    [Fact]
    public void Ratios_that_do_not_sum_to_one_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new SplitRatios(0.8, 0.1, 0.2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SplitRatios(0, 0.5, 0.5));
        Assert.Throws<FormatException>(() => SplitRatios.Parse("0.8,0.2"));
    }
}
