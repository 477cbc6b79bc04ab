namespace FracCluster.Imaging.Synthetic;

/// <summary>FracAtlas's projection columns. Changes how much paired bones overlap.</summary>
public enum RadiographView
{
    Frontal,
    Lateral,
    Oblique,
}
