namespace FracCluster.Cli.Streaming;

/// <summary>The end of a `frac stream` run. Lost and Duplicates must be 0.</summary>
public sealed record StreamSummary
{
    public required int Sent { get; init; }

    /// <summary>Submissions answered 503/429 and sent again (same client scan id).</summary>
    public required int Retries { get; init; }

    /// <summary>Refused at intake (not an image, too large, …): no scan was created.</summary>
    public required int Refused { get; init; }

    /// <summary><see cref="Refused"/> by the reason the cluster gave (DeadlineUnmeetable, NotAnImage, …).</summary>
    public IReadOnlyDictionary<string, int> RefusedByReason { get; init; } = new Dictionary<string, int>();

    public required int Results { get; init; }

    public required int Completed { get; init; }

    public required int Rejected { get; init; }

    public required int Expired { get; init; }

    /// <summary>Accepted scans without a final result when the run ended.</summary>
    public required int Lost { get; init; }

    /// <summary>A second, different result for a scan already reported.</summary>
    public required int Duplicates { get; init; }

    /// <summary>The same result delivered again on the results stream (at-least-once delivery), absorbed by scan id.</summary>
    public int Redelivered { get; init; }

    /// <summary>Results that never came on the results stream but were found final by polling.</summary>
    public required int RecoveredByPolling { get; init; }

    public required TimeSpan Elapsed { get; init; }

    /// <summary>End-to-end latency (send → result received) in ms, sorted.</summary>
    public required IReadOnlyList<double> LatenciesMs { get; init; }

    /// <summary>Every accepted scan with its input image index and result, in order of acceptance by the cluster.</summary>
    public IReadOnlyList<StreamedScan> Scans { get; init; } = [];

    public double Throughput => Elapsed > TimeSpan.Zero ? Results / Elapsed.TotalSeconds : 0;

    public double Percentile(double p)
    {
        if (LatenciesMs.Count == 0)
            return double.NaN;
        var rank = (int)Math.Ceiling(p / 100.0 * LatenciesMs.Count) - 1;
        return LatenciesMs[Math.Clamp(rank, 0, LatenciesMs.Count - 1)];
    }

    public bool Clean => Lost == 0 && Duplicates == 0;
}
