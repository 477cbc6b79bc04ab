namespace FracCluster.Contracts;

/// <summary>Stream provider and namespace names shared by producers (API, Orleans clients) and consumers.</summary>
public static class FracStreams
{
    /// <summary>The stream provider every silo and client registers (memory streams embedded, Azure queues in production).</summary>
    public const string Provider = "frac";

    /// <summary>Scan references (<see cref="ScanArrived"/>), keyed by scanner id.</summary>
    public const string Scans = "scans";

    /// <summary>Final results (<see cref="ScanResult"/>), keyed by scanner id.</summary>
    public const string Results = "results";
}
