namespace FracCluster.Imaging.Synthetic.Rendering;

/// <summary>An axis-aligned box in image coordinates, for skipping pixels a shape cannot reach.</summary>
internal readonly record struct Bounds(float MinX, float MinY, float MaxX, float MaxY)
{
    public static Bounds Around(float x, float y, float radius) => new(x - radius, y - radius, x + radius, y + radius);

    public (int Start, int End) Columns(int y, int width) =>
        y < MinY || y > MaxY ? (0, 0) : (Math.Max(0, (int)MathF.Floor(MinX)), Math.Min(width, (int)MathF.Ceiling(MaxX) + 1));
}
