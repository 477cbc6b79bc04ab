namespace FracCluster.Grains.Options;

/// <summary>
/// Section <c>Frac:Retention</c>: how long patient data (image bytes, heatmap overlays, scan records) is kept. The
/// hospital must choose <see cref="Days"/> under its own rules; 30 is a placeholder, not advice.
/// </summary>
public sealed class RetentionOptions
{
    public const string Section = "Frac:Retention";

    /// <summary>Sweep on a reminder (the silo host turns it on; test clusters call the sweep themselves).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Scans that arrived more than this many days ago (UTC days) are erased by the sweep.</summary>
    public int Days { get; set; } = 30;

    /// <summary>How often the sweep runs (a cluster-wide reminder: one sweep at a time, on whichever silo holds it).</summary>
    public int SweepPeriodMinutes { get; set; } = 60;
}
