namespace FracCluster.Imaging;

/// <summary>An axis-aligned box in whole pixels: columns X … X+Width-1, rows Y … Y+Height-1.</summary>
public readonly record struct PixelBox
{
    public PixelBox(int x, int y, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(x);
        ArgumentOutOfRangeException.ThrowIfNegative(y);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        X = x;
        Y = y;
        Width = width;
        Height = height;
    }

    public int X { get; }

    public int Y { get; }

    public int Width { get; }

    public int Height { get; }

    /// <summary>One past the last column.</summary>
    public int Right => X + Width;

    /// <summary>One past the last row.</summary>
    public int Bottom => Y + Height;

    public long Area => (long)Width * Height;

    public bool Contains(int x, int y) => x >= X && x < Right && y >= Y && y < Bottom;

    /// <summary>The box from edge coordinates (exclusive right/bottom), clipped to a width × height image; null when nothing is left.</summary>
    public static PixelBox? FromEdges(int left, int top, int right, int bottom, int width, int height)
    {
        left = Math.Clamp(left, 0, width);
        right = Math.Clamp(right, 0, width);
        top = Math.Clamp(top, 0, height);
        bottom = Math.Clamp(bottom, 0, height);
        return right > left && bottom > top ? new PixelBox(left, top, right - left, bottom - top) : null;
    }

    public override string ToString() => FormattableString.Invariant($"({X}, {Y}) {Width}×{Height}");
}
