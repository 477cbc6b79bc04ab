namespace FracCluster.Imaging.Annotations;

/// <summary>One annotated image: its file name (e.g. IMG0000019.jpg), size in pixels and fracture boxes.</summary>
public sealed record AnnotatedImage(string FileName, int Width, int Height, IReadOnlyList<FractureBox> Boxes);
