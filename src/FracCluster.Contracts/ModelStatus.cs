namespace FracCluster.Contracts;

/// <summary>One model grain (one device of one silo) as the router and <c>GET /v1/models</c> see it.</summary>
[GenerateSerializer, Immutable, Alias("frac.ModelStatus")]
public sealed record ModelStatus
{
    /// <summary>The grain key, "{silo}/{device}".</summary>
    [Id(0)] public required string Key { get; init; }

    [Id(1)] public required string Silo { get; init; }

    [Id(2)] public required string Device { get; init; }

    /// <summary>Loaded and warmed up.</summary>
    [Id(3)] public required bool Ready { get; init; }

    [Id(4)] public string? ModelVersion { get; init; }

    [Id(5)] public string? Checkpoint { get; init; }

    [Id(6)] public int InFlightImages { get; init; }

    [Id(7)] public long ImagesServed { get; init; }

    [Id(8)] public DateTimeOffset? LoadedAt { get; init; }

    /// <summary>Set when the last load failed.</summary>
    [Id(9)] public string? Error { get; init; }

    /// <summary>Of <see cref="InFlightImages"/>, those in urgent batches (the router sends urgent work where least of it is ahead).</summary>
    [Id(10)] public int InFlightUrgentImages { get; init; }

    /// <summary>
    /// Measured forward-pass time of a full batch on this device (a moving average, scaled from smaller batches; first
    /// taken from the warm-up batch); null until measured. Deadline estimates use it.
    /// </summary>
    [Id(11)] public double? FullBatchMilliseconds { get; init; }

    /// <summary>The revision of the cluster's current-model record this grain serves (null: none set yet, it serves its configured checkpoint).</summary>
    [Id(12)] public long? FollowedRevision { get; init; }
}
