using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace FracCluster.Deploy.Tests.Kubernetes.Monitoring;

/// <summary>prometheus-adapter's configuration file (custom metrics rules), parsed strictly.</summary>
public sealed class PrometheusAdapterConfig
{
    public List<PrometheusAdapterRule> Rules { get; set; } = [];

    public static PrometheusAdapterConfig Parse(string yaml) =>
        new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build()
            .Deserialize<PrometheusAdapterConfig>(yaml) ?? new PrometheusAdapterConfig();

    /// <summary>The custom-metrics names the rules serve, from each rule's series name and its name mapping.</summary>
    public IEnumerable<string> ExposedMetricNames() => Rules.Select(r => r.ExposedName());
}
