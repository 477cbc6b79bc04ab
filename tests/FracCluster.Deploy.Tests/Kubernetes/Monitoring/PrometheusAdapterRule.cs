using System.Text.RegularExpressions;

namespace FracCluster.Deploy.Tests.Kubernetes.Monitoring;

public sealed class PrometheusAdapterRule
{
    public string SeriesQuery { get; set; } = string.Empty;

    public PrometheusAdapterResources Resources { get; set; } = new();

    public PrometheusAdapterNaming? Name { get; set; }

    public string MetricsQuery { get; set; } = string.Empty;

    /// <summary>The series the rule discovers: the metric name in front of the label matchers.</summary>
    public string SeriesName()
    {
        var brace = SeriesQuery.IndexOf('{', StringComparison.Ordinal);
        return (brace < 0 ? SeriesQuery : SeriesQuery[..brace]).Trim();
    }

    public string ExposedName()
    {
        var series = SeriesName();
        if (Name is null)
            return series;
        var regex = new Regex(Name.Matches, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        if (!regex.IsMatch(series))
            throw new InvalidDataException($"Adapter rule name pattern '{Name.Matches}' does not match its series {series}.");
        return string.IsNullOrEmpty(Name.As) ? series : regex.Replace(series, Name.As);
    }
}
