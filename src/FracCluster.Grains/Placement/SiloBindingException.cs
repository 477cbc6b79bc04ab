namespace FracCluster.Grains.Placement;

/// <summary>A silo-bound grain was addressed whose silo is gone (or never existed).</summary>
public sealed class SiloBindingException(string message) : Exception(message);
