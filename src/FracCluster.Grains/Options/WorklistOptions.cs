namespace FracCluster.Grains.Options;

/// <summary>Section <c>Frac:Worklist</c>: what the cluster's worklist (the web page's live list of scans) keeps.</summary>
public sealed class WorklistOptions
{
    public const string Section = "Frac:Worklist";

    /// <summary>Most recent scans kept in memory, across all scanners; older ones stay readable by id.</summary>
    public int Capacity { get; set; } = 1000;
}
