namespace FracCluster.Imaging.Synthetic.Rendering;

/// <summary>Something on the film: how much it attenuates the beam at an image point (0 = nothing there).</summary>
internal interface IAttenuator
{
    /// <summary>Columns [Start, End) of row <paramref name="y"/> where it may be non-zero; rendering skips the rest.</summary>
    (int Start, int End) Columns(int y, int width);

    float Attenuation(float x, float y);
}
