namespace FracCluster.Grains.Options;

/// <summary>Section <c>Frac:Intake</c>: what the API and the intake grain accept.</summary>
public sealed class IntakeOptions
{
    public const string Section = "Frac:Intake";

    /// <summary>Largest image accepted, in bytes (default 32 MiB).</summary>
    public long MaxImageBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>Blob key prefix for image bytes.</summary>
    public string BlobPrefix { get; set; } = "scans";
}
