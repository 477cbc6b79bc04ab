namespace FracCluster.Contracts;

/// <summary>Grain storage provider names, in one place so silo wiring and grains agree.</summary>
public static class FracStorageNames
{
    /// <summary>Per-scan result records.</summary>
    public const string Results = "results";

    /// <summary>Orleans' stream pub/sub state (needed for explicit subscriptions such as SSE readers).</summary>
    public const string PubSub = "PubSubStore";

    /// <summary>Training run records (coordinator state and the run list).</summary>
    public const string Training = "training";

    /// <summary>The cluster's current (approved) model record.</summary>
    public const string Models = "models";

    /// <summary>DICOM studies: their instances, result and export state.</summary>
    public const string Studies = "studies";

    /// <summary>Every provider a silo must register, whatever the storage profile: a name missing here fails its grains at activation.</summary>
    public static readonly IReadOnlyList<string> All = [Results, PubSub, Training, Models, Studies];
}
