namespace FracCluster.Grains.Options;

/// <summary>
/// Section <c>Frac:Recovery</c>: the watchdog that makes an accepted scan reach a final state even when the silo
/// holding its record dies. Each pending scan's result grain keeps a reminder (durable with Azure Table reminders) that
/// reactivates it on a live silo, where its redrive timer (<see cref="BatchingOptions.PendingRedriveMs"/>) puts the
/// scan back on the <c>scans</c> stream; duplicates are absorbed because the first final result per scan id wins. Needs
/// a reminder service, so it is off unless the host turns it on (the FracCluster silo host does).
/// </summary>
public sealed class ScanRecoveryOptions
{
    public const string Section = "Frac:Recovery";

    public bool Enabled { get; set; }

    /// <summary>How often the reminder of a pending scan ticks (and after how long the first tick comes).</summary>
    public int CheckPeriodSeconds { get; set; } = 60;

    public TimeSpan CheckPeriod => TimeSpan.FromSeconds(CheckPeriodSeconds);
}
