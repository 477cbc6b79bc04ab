namespace FracCluster.Ml.Models;

/// <summary>The EfficientNet compound-scaling variants B0…B7.</summary>
public enum EfficientNetVariant
{
    B0,
    B1,
    B2,
    B3,
    B4,
    B5,
    B6,
    B7,
}
