using FracCluster.Imaging.Synthetic;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FracCluster.Imaging.Tests;

public sealed class SyntheticRadiographTests
{
    private static readonly SyntheticRadiographGenerator Generator = new();

    [Fact]
    public void The_same_seed_gives_identical_jpeg_bytes()
    {
        foreach (var fractured in new[] { false, true })
        {
            using var first = Generator.Generate(1234, fractured);
            using var second = Generator.Generate(1234, fractured);
            Assert.Equal(first.EncodeJpeg(90), second.EncodeJpeg(90));
            Assert.Equal(first.Info, second.Info with { FractureBoxes = first.Info.FractureBoxes });
            Assert.Equal(first.Info.FractureBoxes, second.Info.FractureBoxes);
        }
    }

    [Fact]
    public void Different_seeds_give_different_images()
    {
        using var a = Generator.Generate(1, fractured: false);
        using var b = Generator.Generate(2, fractured: false);
        Assert.NotEqual(a.EncodeJpeg(90), b.EncodeJpeg(90));
    }

    [Fact]
    public void Sizes_stay_in_range_and_vary()
    {
        var sizes = Enumerable.Range(0, 12).Select(i =>
        {
            using var r = Generator.Generate(SyntheticRadiographGenerator.ImageSeed(9, i), fractured: i % 3 == 0);
            Assert.Equal((r.Info.Width, r.Info.Height), (r.Image.Width, r.Image.Height));
            return (r.Info.Width, r.Info.Height);
        }).ToList();

        Assert.All(sizes, s => Assert.InRange(s.Width, 300, 600));
        Assert.All(sizes, s => Assert.InRange(s.Height, 300, 600));
        Assert.True(sizes.Distinct().Count() > 8);
    }

    [Fact]
    public void Films_look_like_radiographs_dark_air_grey_tissue_bright_bone()
    {
        // Pooled over several films: the darkest decile is air, the brightest is bone, with a wide range between.
        var pixels = new List<byte>();
        for (var i = 0; i < 6; i++)
        {
            using var r = Generator.Generate(SyntheticRadiographGenerator.ImageSeed(3, i), fractured: false);
            var buffer = new byte[r.Image.Width * r.Image.Height];
            r.Image.CopyPixelDataTo(buffer);
            pixels.AddRange(buffer);
        }

        pixels.Sort();
        var p10 = pixels[pixels.Count / 10];
        var p99 = pixels[pixels.Count * 99 / 100];
        Assert.True(p10 < 60, $"10th percentile {p10}: the background should be dark");
        Assert.True(p99 > 170, $"99th percentile {p99}: bone should be bright");
    }

    [Fact]
    public void Fractured_films_report_kind_count_and_boxes_and_intact_ones_none()
    {
        var kinds = new HashSet<FractureKind>();
        for (var i = 0; i < 30; i++)
        {
            var seed = SyntheticRadiographGenerator.ImageSeed(11, i);
            using var broken = Generator.Generate(seed, fractured: true);
            using var intact = Generator.Generate(seed, fractured: false);
            Assert.NotEqual(FractureKind.None, broken.Info.Fracture);
            Assert.InRange(broken.Info.FractureCount, 1, 2);
            Assert.Equal(broken.Info.FractureCount, broken.Info.FractureBoxes.Count);
            Assert.Equal(FractureKind.None, intact.Info.Fracture);
            Assert.Equal(0, intact.Info.FractureCount);
            Assert.Empty(intact.Info.FractureBoxes);
            kinds.Add(broken.Info.Fracture);
        }

        Assert.Equal([FractureKind.Transverse, FractureKind.Oblique, FractureKind.Comminuted], kinds.Order());
    }

    [Fact]
    public void The_break_is_what_differs_between_a_fractured_film_and_its_intact_twin()
    {
        // Same seed, same film and grain: the difference must be strong in the fracture box, which is what makes the
        // class learnable, and densest there (an angulated distal fragment also moves the shaft beyond the box).
        for (var i = 0; i < 12; i++)
        {
            var seed = SyntheticRadiographGenerator.ImageSeed(21, i);
            using var broken = Generator.Generate(seed, fractured: true);
            using var intact = Generator.Generate(seed, fractured: false);
            var box = broken.Info.FractureBoxes[0];
            double inside = 0, outside = 0;
            long inCount = 0, outCount = 0, strongInside = 0;
            for (var y = 0; y < broken.Image.Height; y++)
            {
                for (var x = 0; x < broken.Image.Width; x++)
                {
                    var diff = Math.Abs(broken.Image[x, y].PackedValue - intact.Image[x, y].PackedValue);
                    if (box.Contains(x, y))
                    {
                        (inside, inCount) = (inside + diff, inCount + 1);
                        strongInside += diff > 30 ? 1 : 0;
                    }
                    else
                    {
                        (outside, outCount) = (outside + diff, outCount + 1);
                    }
                }
            }

            var meanInside = inside / inCount;
            var meanOutside = outside / Math.Max(1, outCount);
            // A visible break: a strip across the shaft at least 1.2 % of the short side wide (the generator's minimum
            // gap is 2.5 %) changes by more than 30 grey levels.
            var minimumStrip = 0.012 * Math.Min(broken.Info.Width, broken.Info.Height) * box.Width / 5.2 * 2 * 0.5;
            Assert.True(strongInside >= minimumStrip, $"seed {seed}: only {strongInside} pixels changed by > 30 levels (< {minimumStrip:F0})");
            Assert.True(meanInside > 1.25 * meanOutside, $"seed {seed}: inside {meanInside:F1} vs outside {meanOutside:F2}");
        }
    }

    [Fact]
    public void A_larger_fracture_scale_widens_the_break_and_leaves_intact_films_alone()
    {
        // Scale only multiplies gap, shift and angulation after the draws, so the same seed gives the same film, bone and
        // site at both scales: intact films are byte-identical and the break changes many more pixels at scale 3.
        var conspicuous = new SyntheticRadiographGenerator(new SyntheticRadiographOptions { FractureScale = 3 });
        long changedAtOne = 0, changedAtThree = 0;
        for (var i = 0; i < 8; i++)
        {
            var seed = SyntheticRadiographGenerator.ImageSeed(31, i);
            using var intact = Generator.Generate(seed, fractured: false);
            using var intactScaled = conspicuous.Generate(seed, fractured: false);
            using var broken = Generator.Generate(seed, fractured: true);
            using var brokenScaled = conspicuous.Generate(seed, fractured: true);
            Assert.Equal(intact.EncodeJpeg(90), intactScaled.EncodeJpeg(90));
            Assert.Equal(broken.Info with { FractureBoxes = [] }, brokenScaled.Info with { FractureBoxes = [] });

            // Counted inside the scale-3 box, which contains the scale-1 box around the same site. Pooled over films: a
            // single film can differ less at scale 3 where a larger angulation swings the fragment back over the intact shaft.
            var box = brokenScaled.Info.FractureBoxes[0];
            var one = StronglyChanged(broken.Image, intact.Image, box);
            var three = StronglyChanged(brokenScaled.Image, intact.Image, box);
            (changedAtOne, changedAtThree) = (changedAtOne + one, changedAtThree + three);
        }

        Assert.True(changedAtThree > 1.5 * changedAtOne, $"scale 3 changed {changedAtThree} pixels, scale 1 {changedAtOne}");
    }

    [Fact]
    public void Films_decode_through_the_image_pipeline_as_8_bit_grey()
    {
        var pipeline = new ImagePipeline(new ImageLimits(), PreprocessOptions.ImageNet(96));
        using var r = Generator.Generate(77, fractured: true);
        var bytes = r.EncodeJpeg(90);

        var header = pipeline.Inspect(bytes);
        var tensor = pipeline.DecodeAndPreprocess(bytes);

        Assert.Equal(new ImageHeader(ImageFileFormat.Jpeg, r.Info.Width, r.Info.Height, Grayscale: true, BitsPerChannel: 8), header);
        Assert.Equal(3 * 96 * 96, tensor.Length);
        Assert.Equal(tensor.AsSpan(0, 96 * 96).ToArray().Select(v => (v * 0.229f) + 0.485f),
            tensor.AsSpan(96 * 96, 96 * 96).ToArray().Select(v => (v * 0.224f) + 0.456f), new ToleranceComparer(1e-5f));
    }

    [Fact]
    public void Bad_options_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new SyntheticRadiographGenerator(new SyntheticRadiographOptions { MinSize = 500, MaxSize = 400 }));
        Assert.Throws<ArgumentException>(() => new SyntheticRadiographGenerator(new SyntheticRadiographOptions { JpegQuality = 0 }));
        Assert.Throws<ArgumentException>(() => new SyntheticRadiographGenerator(new SyntheticRadiographOptions { FractureScale = 0 }));
        Assert.Throws<ArgumentException>(() => new SyntheticRadiographGenerator(new SyntheticRadiographOptions { FractureScale = double.NaN }));
    }

    private static long StronglyChanged(Image<L8> a, Image<L8> b, RectangleF box)
    {
        long count = 0;
        for (var y = (int)box.Top; y < (int)box.Bottom; y++)
        {
            for (var x = (int)box.Left; x < (int)box.Right; x++)
                count += Math.Abs(a[x, y].PackedValue - b[x, y].PackedValue) > 30 ? 1 : 0;
        }

        return count;
    }

    private sealed class ToleranceComparer(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
