namespace FracCluster.Deploy.Tests.Kubernetes;

/// <summary>A container environment variable after env and envFrom are merged.</summary>
/// <param name="Name">Variable name.</param>
/// <param name="Kind">Where the value comes from.</param>
/// <param name="Value">The literal or ConfigMap value; the field path for a fieldRef; null for a Secret.</param>
/// <param name="SourceName">The ConfigMap or Secret name.</param>
/// <param name="SourceKey">The ConfigMap or Secret key.</param>
public sealed record ResolvedEnvironmentVariable(
    string Name,
    EnvironmentValueKind Kind,
    string? Value,
    string? SourceName = null,
    string? SourceKey = null);
