namespace FracCluster.Imaging.Annotations;

/// <summary>A fracture's box in image pixels (continuous: left, top, width, height), as FracAtlas's COCO "bbox".</summary>
public readonly record struct FractureBox(double X, double Y, double Width, double Height)
{
    public double Right => X + Width;

    public double Bottom => Y + Height;

    /// <summary>The whole pixels the box touches, clipped to a width × height image; null when it lies outside.</summary>
    public PixelBox? ToPixels(int imageWidth, int imageHeight) =>
        PixelBox.FromEdges((int)Math.Floor(X), (int)Math.Floor(Y), (int)Math.Ceiling(Right), (int)Math.Ceiling(Bottom), imageWidth, imageHeight);
}
