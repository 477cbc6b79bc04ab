namespace FracCluster.Deploy.Tests.Contracts;

/// <summary>Where a deployment must take a silo environment variable from.</summary>
public enum EnvironmentSource
{
    /// <summary>A plain setting: a literal value or a ConfigMap key.</summary>
    Setting,

    /// <summary>A credential: a Secret key, never a literal in a manifest.</summary>
    Secret,

    /// <summary>The pod's own identity through the downward API (a fieldRef).</summary>
    PodField,
}
