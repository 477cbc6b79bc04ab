using System.Text;

namespace FracCluster.Deploy.Tests.Contracts;

/// <summary>
/// The naming rules of the OpenTelemetry .NET Prometheus exporter (PrometheusMetric in OpenTelemetry.Exporter.Prometheus
/// 1.9+): runs of characters other than letters, digits and ':' become one underscore; the unit, with annotations in
/// braces removed and abbreviations spelled out, is appended unless the name already ends with it ("1" adds nothing);
/// monotonic counters end in _total. Gauges, up-down counters and observable gauges all become Prometheus gauges.
/// </summary>
public static class PrometheusNaming
{
    private static readonly Dictionary<string, string> unitNames = new(StringComparer.Ordinal)
    {
        ["d"] = "days",
        ["h"] = "hours",
        ["min"] = "minutes",
        ["s"] = "seconds",
        ["ms"] = "milliseconds",
        ["us"] = "microseconds",
        ["ns"] = "nanoseconds",
        ["By"] = "bytes",
        ["KiBy"] = "kibibytes",
        ["MiBy"] = "mebibytes",
        ["1"] = string.Empty,
        ["%"] = "percent",
    };

    public static string FromOpenTelemetry(string name, string unit, MetricInstrument instrument)
    {
        var prometheus = Sanitize(name);
        if (unit.Length > 0)
        {
            var withoutAnnotations = RemoveAnnotations(unit);
            var suffix = unitNames.TryGetValue(withoutAnnotations, out var known) ? known : withoutAnnotations;
            if (!prometheus.EndsWith(suffix, StringComparison.Ordinal))
                prometheus += "_" + suffix;
        }
        if (instrument == MetricInstrument.Counter && !prometheus.EndsWith("_total", StringComparison.Ordinal))
            prometheus += "_total";
        return prometheus;
    }

    private static string Sanitize(string name)
    {
        var sb = new StringBuilder(name.Length);
        var lastUnderscore = false;
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (i == 0 && char.IsDigit(c))
            {
                sb.Append('_');
                lastUnderscore = true;
            }
            else if (!char.IsLetterOrDigit(c) && c != ':')
            {
                if (!lastUnderscore)
                    sb.Append('_');
                lastUnderscore = true;
            }
            else
            {
                sb.Append(c);
                lastUnderscore = false;
            }
        }
        return sb.ToString();
    }

    private static string RemoveAnnotations(string unit)
    {
        var sb = new StringBuilder(unit.Length);
        var depth = 0;
        foreach (var c in unit)
        {
            if (c == '{')
                depth++;
            else if (c == '}' && depth > 0)
                depth--;
            else if (depth == 0)
                sb.Append(c);
        }
        return sb.ToString();
    }
}
