using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace FracCluster.Deploy.Tests.Kubernetes.Kustomize;

/// <summary>A kustomization.yaml, as far as these manifests use it (strict: an unexpected field fails the parse).</summary>
public sealed class Kustomization
{
    public string ApiVersion { get; set; } = string.Empty;

    public string Kind { get; set; } = string.Empty;

    public List<string> Resources { get; set; } = [];

    public List<KustomizeImage> Images { get; set; } = [];

    public static Kustomization Load(string path) =>
        new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build()
            .Deserialize<Kustomization>(File.ReadAllText(path))
        ?? throw new InvalidDataException($"{path} is empty.");
}
