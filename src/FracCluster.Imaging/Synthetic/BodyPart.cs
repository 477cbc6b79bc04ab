namespace FracCluster.Imaging.Synthetic;

/// <summary>FracAtlas's body-part columns (one per image here).</summary>
public enum BodyPart
{
    Hand,
    Leg,
    Hip,
    Shoulder,

    /// <summary>Several regions in one film: drawn as long bones crossing at a wide angle.</summary>
    Mixed,
}
