namespace FracCluster.Imaging.Synthetic;

public enum FractureKind
{
    None,

    /// <summary>One cut across the shaft, near perpendicular to it.</summary>
    Transverse,

    /// <summary>One cut at 30–60° to the shaft.</summary>
    Oblique,

    /// <summary>Two or three cuts leaving a loose wedge (butterfly) fragment.</summary>
    Comminuted,
}
