namespace FracCluster.Imaging.Synthetic.Rendering;

/// <summary>
/// The limb's flesh: an elliptic cylinder along the limb axis whose half-width undulates slightly, with optional
/// swelling where a fracture is (haematoma) — on film, a grey envelope brighter in the middle.
/// </summary>
internal sealed class SoftTissue(Frame frame, float halfWidth, float density, float wobble, float wobblePhase) : IAttenuator
{
    private float swellingAt = float.NaN;
    private float swellingWidth;
    private float swellingAmount;

    public void Swell(float at, float width, float amount)
    {
        swellingAt = at;
        swellingWidth = width;
        swellingAmount = amount;
    }

    public (int Start, int End) Columns(int y, int width) => (0, width);

    public float Attenuation(float x, float y)
    {
        var (a, b) = frame.ToLocal(x, y);
        var half = halfWidth * (1 + (wobble * MathF.Sin((a / halfWidth * 1.3f) + wobblePhase)));
        if (!float.IsNaN(swellingAt))
        {
            var d = (a - swellingAt) / swellingWidth;
            half *= 1 + (swellingAmount * MathF.Exp(-d * d));
        }

        var t = b / half;
        return t * t >= 1 ? 0 : density * MathF.Sqrt(1 - (t * t));
    }
}
