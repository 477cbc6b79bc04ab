using System.Text.Json;
using System.Text.Json.Nodes;

namespace FracCluster.AzureProfile.Tests.Infrastructure;

/// <summary>
/// Compares two JSON documents: the same shape, keys, strings and booleans exactly, numbers within a tolerance.
/// Returns the largest numeric difference and where it is; a mismatch throws with the path that differs.
/// </summary>
public static class JsonDifference
{
    public static (double Difference, string Path) Max(JsonNode? expected, JsonNode? actual, double tolerance, string path)
    {
        switch (expected, actual)
        {
            case (null, null):
                return (0, path);
            case (JsonObject e, JsonObject a):
            {
                var keys = e.Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();
                var actualKeys = a.Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();
                if (!keys.SequenceEqual(actualKeys, StringComparer.Ordinal))
                    throw Mismatch(path, $"keys [{string.Join(", ", keys)}]", $"keys [{string.Join(", ", actualKeys)}]");
                return Largest(keys.Select(k => Max(e[k], a[k], tolerance, $"{path}.{k}")), path);
            }
            case (JsonArray e, JsonArray a):
                if (e.Count != a.Count)
                    throw Mismatch(path, $"{e.Count} items", $"{a.Count} items");
                return Largest(Enumerable.Range(0, e.Count).Select(i => Max(e[i], a[i], tolerance, $"{path}[{i}]")), path);
            case (JsonValue e, JsonValue a) when e.GetValueKind() == JsonValueKind.Number && a.GetValueKind() == JsonValueKind.Number:
            {
                var difference = Math.Abs(e.GetValue<double>() - a.GetValue<double>());
                if (!(difference <= tolerance))
                    throw Mismatch(path, e.ToJsonString(), a.ToJsonString());
                return (difference, path);
            }
            default:
                if (expected?.ToJsonString() != actual?.ToJsonString())
                    throw Mismatch(path, expected?.ToJsonString() ?? "null", actual?.ToJsonString() ?? "null");
                return (0, path);
        }
    }

    public static (double Difference, string Path) Largest(IEnumerable<(double Difference, string Path)> differences, string path) =>
        differences.Aggregate((Difference: 0.0, Path: path), (max, d) => d.Difference > max.Difference ? d : max);

    private static InvalidOperationException Mismatch(string path, string expected, string actual) =>
        new($"{path} differs: expected {expected}, got {actual}.");
}
