namespace FracCluster.Imaging.Heatmaps;

/// <summary>
/// Non-negative per-pixel attention over an image, row-major, scaled so its maximum is 1 (all zeros when the model
/// looked nowhere in particular). Immutable.
/// </summary>
public sealed class Heatmap
{
    private readonly float[] _values;

    /// <param name="values">Width × Height values, row-major; finite and non-negative. Copied.</param>
    public Heatmap(int width, int height, ReadOnlySpan<float> values)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (values.Length != (long)width * height)
            throw new ArgumentException($"A {width}×{height} heatmap needs {(long)width * height} values, got {values.Length}.", nameof(values));
        var max = 0f;
        foreach (var v in values)
        {
            if (!float.IsFinite(v) || v < 0)
                throw new ArgumentException($"Heatmap values must be finite and non-negative; found {v}.", nameof(values));
            max = Math.Max(max, v);
        }
        Width = width;
        Height = height;
        _values = values.ToArray();
        if (max > 0 && max != 1f)
        {
            for (var i = 0; i < _values.Length; i++)
                _values[i] /= max;
        }
        IsEmpty = max == 0;
        Peak = FindPeak(_values, width);
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Row-major values in 0…1.</summary>
    public ReadOnlySpan<float> Values => _values;

    /// <summary>True when every value is 0: nothing stood out (e.g. the class score does not rise anywhere).</summary>
    public bool IsEmpty { get; }

    /// <summary>The first pixel (row-major) holding the maximum.</summary>
    public (int X, int Y) Peak { get; }

    public float this[int x, int y] => _values[(y * Width) + x];

    /// <summary>
    /// The region around the peak: the bounding box of the pixels 4-connected to the peak whose value is at least
    /// <paramref name="threshold"/> (of the maximum, 1). Null for an empty heatmap.
    /// </summary>
    public PixelBox? TopRegion(float threshold)
    {
        if (!(threshold is > 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The region threshold is a fraction of the maximum in (0, 1].");
        if (IsEmpty)
            return null;
        var seen = new bool[_values.Length];
        var pending = new Stack<int>();
        var start = (Peak.Y * Width) + Peak.X;
        seen[start] = true;
        pending.Push(start);
        int left = Peak.X, right = Peak.X, top = Peak.Y, bottom = Peak.Y;
        while (pending.TryPop(out var index))
        {
            var (x, y) = (index % Width, index / Width);
            left = Math.Min(left, x);
            right = Math.Max(right, x);
            top = Math.Min(top, y);
            bottom = Math.Max(bottom, y);
            Visit(x - 1, y);
            Visit(x + 1, y);
            Visit(x, y - 1);
            Visit(x, y + 1);
        }
        return new PixelBox(left, top, right - left + 1, bottom - top + 1);

        void Visit(int x, int y)
        {
            if (x < 0 || y < 0 || x >= Width || y >= Height)
                return;
            var i = (y * Width) + x;
            if (!seen[i] && _values[i] >= threshold)
            {
                seen[i] = true;
                pending.Push(i);
            }
        }
    }

    /// <summary>Share of the heatmap's total inside the union of <paramref name="boxes"/> (0 for an empty heatmap).</summary>
    public double MassInside(IReadOnlyCollection<PixelBox> boxes)
    {
        ArgumentNullException.ThrowIfNull(boxes);
        double total = 0, inside = 0;
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                var v = _values[(y * Width) + x];
                total += v;
                if (boxes.Any(b => b.Contains(x, y)))
                    inside += v;
            }
        }
        return total > 0 ? inside / total : 0;
    }

    /// <summary>The pointing game: whether the peak falls inside one of <paramref name="boxes"/> (false for an empty heatmap).</summary>
    public bool PeakInside(IEnumerable<PixelBox> boxes)
    {
        ArgumentNullException.ThrowIfNull(boxes);
        return !IsEmpty && boxes.Any(b => b.Contains(Peak.X, Peak.Y));
    }

    /// <summary>
    /// This heatmap at another size, bilinear between pixel centres (edge pixels extended), as a stretch resize maps
    /// one image onto the other.
    /// </summary>
    public Heatmap Resample(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        var output = new float[(long)width * height];
        var xs = Taps(width, Width);
        var ys = Taps(height, Height);
        for (var y = 0; y < height; y++)
        {
            var (y0, y1, fy) = ys[y];
            var row0 = y0 * Width;
            var row1 = y1 * Width;
            for (var x = 0; x < width; x++)
            {
                var (x0, x1, fx) = xs[x];
                var a = _values[row0 + x0] + ((_values[row0 + x1] - _values[row0 + x0]) * fx);
                var b = _values[row1 + x0] + ((_values[row1 + x1] - _values[row1 + x0]) * fx);
                output[((long)y * width) + x] = a + ((b - a) * fy);
            }
        }
        return new Heatmap(width, height, output);
    }

    /// <summary>The centre-prior baseline (fractures tend to be photographed mid-frame): a Gaussian bump on the image centre, σ a quarter of each side.</summary>
    public static Heatmap CentrePrior(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        var values = new float[(long)width * height];
        var (cx, cy) = (width / 2.0, height / 2.0);
        var (sx, sy) = (width / 4.0, height / 4.0);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var dx = (x + 0.5 - cx) / sx;
                var dy = (y + 0.5 - cy) / sy;
                values[((long)y * width) + x] = (float)Math.Exp(-0.5 * ((dx * dx) + (dy * dy)));
            }
        }
        return new Heatmap(width, height, values);
    }

    // For each output coordinate: the two source samples and the weight of the second, pixel centres aligned.
    private static (int Lo, int Hi, float Frac)[] Taps(int outputLength, int inputLength)
    {
        var taps = new (int, int, float)[outputLength];
        var scale = (double)inputLength / outputLength;
        for (var i = 0; i < outputLength; i++)
        {
            var source = Math.Clamp(((i + 0.5) * scale) - 0.5, 0, inputLength - 1);
            var lo = (int)Math.Floor(source);
            var hi = Math.Min(lo + 1, inputLength - 1);
            taps[i] = (lo, hi, (float)(source - lo));
        }
        return taps;
    }

    private static (int X, int Y) FindPeak(float[] values, int width)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
                best = i;
        }
        return (best % width, best / width);
    }
}
