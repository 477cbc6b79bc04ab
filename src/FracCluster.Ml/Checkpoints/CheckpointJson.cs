using System.Text.Json;
using System.Text.Json.Serialization;

namespace FracCluster.Ml.Checkpoints;

/// <summary>The one JSON shape of checkpoint metadata: camelCase, enums as strings, indented for humans and diffs.</summary>
public static class CheckpointJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Serialize(CheckpointMetadata metadata) => JsonSerializer.Serialize(metadata, Options);

    /// <summary>Parses metadata; throws <see cref="CheckpointCorruptException"/> naming <paramref name="source"/> on bad JSON.</summary>
    public static CheckpointMetadata Deserialize(string json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<CheckpointMetadata>(json, Options)
                ?? throw new CheckpointCorruptException($"Checkpoint metadata {source} is empty (null).");
        }
        catch (JsonException e)
        {
            throw new CheckpointCorruptException($"Checkpoint metadata {source} is not valid: {e.Message}", e);
        }
    }
}
