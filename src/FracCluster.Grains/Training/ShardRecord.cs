namespace FracCluster.Grains.Training;

/// <summary>One feature shard in the run record: its slice of the manifest, where it was sent and who finished it.</summary>
[GenerateSerializer, Alias("frac.ShardRecord")]
public sealed class ShardRecord
{
    [Id(0)] public int Index { get; set; }

    [Id(1)] public int Start { get; set; }

    [Id(2)] public int Count { get; set; }

    /// <summary>The silo working on it now; null when waiting for a silo.</summary>
    [Id(3)] public string? AssignedSilo { get; set; }

    [Id(4)] public int Attempts { get; set; }

    [Id(5)] public bool Done { get; set; }

    /// <summary>The silo credited with it (counted once, however many times it was sent).</summary>
    [Id(6)] public string? DoneBy { get; set; }

    [Id(7)] public string? LastError { get; set; }
}
