namespace FracCluster.Deploy.Tests.Contracts;

/// <summary>One environment variable the silo reads, and where deployments must take it from.</summary>
/// <param name="Name">The variable, with ASP.NET's <c>__</c> section separators.</param>
/// <param name="Source">Setting, Secret or pod field.</param>
/// <param name="FieldPath">For <see cref="EnvironmentSource.PodField"/>: the downward API path.</param>
public sealed record SiloEnvironmentVariable(string Name, EnvironmentSource Source, string? FieldPath = null)
{
    /// <summary>The configuration key the silo binds, e.g. <c>Frac:Cluster:ClusterId</c>.</summary>
    public string ConfigurationKey => Name.Replace("__", ":", StringComparison.Ordinal);
}
