namespace FracCluster.Grains.Options;

/// <summary>
/// Section <c>Frac:Recovery</c>: the watchdog that makes an accepted scan reach a final state even when the silo
/// holding it dies. Each pending scan's result grain keeps a reminder; a scan still pending after
/// <see cref="RedriveAfterSeconds"/> is put back on the <c>scans</c> stream (duplicates are absorbed because the
/// first final result per scan id wins). Needs a reminder service, so it is off unless the host turns it on (the
/// FracCluster silo host does).
/// </summary>
public sealed class ScanRecoveryOptions
{
    public const string Section = "Frac:Recovery";

    public bool Enabled { get; set; }

    /// <summary>How long a scan may stay pending before it is sent again. Longer than a normal queue wait under load.</summary>
    public int RedriveAfterSeconds { get; set; } = 60;

    /// <summary>How often a still-pending scan is checked (and sent again) after the first redrive.</summary>
    public int CheckPeriodSeconds { get; set; } = 60;

    public TimeSpan RedriveAfter => TimeSpan.FromSeconds(RedriveAfterSeconds);

    public TimeSpan CheckPeriod => TimeSpan.FromSeconds(CheckPeriodSeconds);
}
