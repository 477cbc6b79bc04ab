namespace FracCluster.Imaging.Synthetic.Rendering;

/// <summary>A line's local frame: <c>A</c> along the direction from the origin, <c>B</c> across it (to the left).</summary>
internal readonly struct Frame(float originX, float originY, float angle)
{
    private readonly float cos = MathF.Cos(angle);
    private readonly float sin = MathF.Sin(angle);

    public float OriginX { get; } = originX;

    public float OriginY { get; } = originY;

    public float Angle { get; } = angle;

    public (float A, float B) ToLocal(float x, float y)
    {
        var dx = x - OriginX;
        var dy = y - OriginY;
        return ((dx * cos) + (dy * sin), (-dx * sin) + (dy * cos));
    }

    public (float X, float Y) ToImage(float a, float b) => (OriginX + (a * cos) - (b * sin), OriginY + (a * sin) + (b * cos));
}
