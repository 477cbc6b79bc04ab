using System.Text.Json;
using System.Text.Json.Nodes;

namespace FracCluster.AzureProfile.Tests.Infrastructure;

/// <summary>
/// Compares two JSON documents: the same shape, keys, strings and booleans exactly, numbers within a tolerance.
/// Returns the largest numeric difference; a mismatch throws with the path that differs.
/// </summary>
public static class JsonDifference
{
    public static double Max(JsonNode? expected, JsonNode? actual, double tolerance, string path)
    {
        switch (expected, actual)
        {
            case (null, null):
                return 0;
            case (JsonObject e, JsonObject a):
            {
                var keys = e.Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();
                var actualKeys = a.Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();
                if (!keys.SequenceEqual(actualKeys, StringComparer.Ordinal))
                    throw Mismatch(path, $"keys [{string.Join(", ", keys)}]", $"keys [{string.Join(", ", actualKeys)}]");
                return keys.Select(k => Max(e[k], a[k], tolerance, $"{path}.{k}")).DefaultIfEmpty(0).Max();
            }
            case (JsonArray e, JsonArray a):
                if (e.Count != a.Count)
                    throw Mismatch(path, $"{e.Count} items", $"{a.Count} items");
                return Enumerable.Range(0, e.Count).Select(i => Max(e[i], a[i], tolerance, $"{path}[{i}]")).DefaultIfEmpty(0).Max();
            case (JsonValue e, JsonValue a) when e.GetValueKind() == JsonValueKind.Number && a.GetValueKind() == JsonValueKind.Number:
            {
                var difference = Math.Abs(e.GetValue<double>() - a.GetValue<double>());
                if (!(difference <= tolerance))
                    throw Mismatch(path, e.ToJsonString(), a.ToJsonString());
                return difference;
            }
            default:
                if (expected?.ToJsonString() != actual?.ToJsonString())
                    throw Mismatch(path, expected?.ToJsonString() ?? "null", actual?.ToJsonString() ?? "null");
                return 0;
        }
    }

    private static InvalidOperationException Mismatch(string path, string expected, string actual) =>
        new($"{path} differs: expected {expected}, got {actual}.");
}
