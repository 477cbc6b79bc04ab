namespace FracCluster.Cli.Embedded;

/// <summary>How `frac demo` and `frac bench cluster` start the embedded default silo inside the CLI process.</summary>
public sealed record EmbeddedSiloOptions
{
    /// <summary>Blob store root: image bytes, checkpoints, grain state and the API key file.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>HTTP API port on localhost; 0 picks a free one.</summary>
    public int HttpPort { get; init; }

    /// <summary>Orleans silo-to-silo port; 0 picks a free one.</summary>
    public int SiloPort { get; init; }

    /// <summary>Orleans client gateway port; 0 picks a free one.</summary>
    public int GatewayPort { get; init; }

    /// <summary>Checkpoint every model grain loads at start; null starts without a model (not ready until one is loaded).</summary>
    public string? Checkpoint { get; init; }

    /// <summary>Scans a silo accepts that are not final yet; null keeps the host's setting.</summary>
    public int? QueueCapacity { get; init; }

    /// <summary>Batches handed to model grains at once; null keeps the host's setting.</summary>
    public int? MaxOutstandingBatches { get; init; }

    /// <summary>Frac:Heatmaps:Enabled; null keeps the host's setting (on).</summary>
    public bool? HeatmapsEnabled { get; init; }

    /// <summary>Frac:Heatmaps:ProbabilityThreshold; null keeps the host's setting (0.5).</summary>
    public double? HeatmapThreshold { get; init; }

    /// <summary>Intra-op threads of the model grain's device thread; 0 = libtorch's default.</summary>
    public int Threads { get; init; }

    /// <summary>Log level of the silo's own logs, which go to the console under the CLI's output.</summary>
    public string LogLevel { get; init; } = "Warning";

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(DataDirectory))
            throw new ArgumentException("The embedded silo needs a data directory.");
        foreach (var (name, port) in new[] { ("HTTP", HttpPort), ("silo", SiloPort), ("gateway", GatewayPort) })
        {
            if (port is < 0 or > 65535)
                throw new ArgumentException($"The {name} port {port} is out of range 0…65535.");
        }
        if (QueueCapacity is < 1)
            throw new ArgumentException($"The queue capacity must be positive (got {QueueCapacity}).");
        if (MaxOutstandingBatches is < 1)
            throw new ArgumentException($"The number of outstanding batches must be positive (got {MaxOutstandingBatches}).");
        if (Threads < 0)
            throw new ArgumentException($"Threads cannot be negative (got {Threads}).");
    }
}
