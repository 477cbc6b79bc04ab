namespace FracCluster.Container.Tests.Infrastructure;

/// <summary>
/// Settings the container tests add to the deployment's own (the same as the Azure profile process tests): recovery
/// timers short enough that a scan held by a killed silo is redriven within the test, and patient failure detection
/// for a CPU-starved 2-core machine. Production keeps the defaults (docs/cluster.md).
/// </summary>
public static class TestTuning
{
    public static IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Frac__Streams__PollIntervalMs"] = "100",
        ["Frac__Streams__MessageVisibilityTimeoutSeconds"] = "10",
        ["Frac__Batching__PendingRedriveMs"] = "20000",
        ["Frac__Recovery__CheckPeriodSeconds"] = "10",
        ["Frac__Cluster__Membership__ProbeTimeout"] = "00:00:10",
        ["Frac__Cluster__Membership__NumMissedProbesLimit"] = "5",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__FracCluster"] = "Information",
    };
}
