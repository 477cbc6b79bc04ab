namespace FracCluster.Deploy.Tests.Kubernetes;

/// <summary>How a container gets an environment variable.</summary>
public enum EnvironmentValueKind
{
    Literal,
    ConfigMapKey,
    SecretKey,
    FieldRef,
    ResourceFieldRef,
}
