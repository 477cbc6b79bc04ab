namespace FracCluster.Grains.Options;

/// <summary>
/// Section <c>Frac:Dicom</c>, the parts that wire DICOM into the cluster: whether this silo runs the store SCP, when a
/// study is stable, and where its report goes. The listener's own settings (port, AE titles, limits) bind from the same
/// section into <c>DicomListenerOptions</c>.
/// </summary>
public sealed class DicomOptions
{
    public const string Section = "Frac:Dicom";

    /// <summary>Runs the C-ECHO/C-STORE SCP in this silo. Off by default, so silos and tests never race for port 11112.</summary>
    public bool Enabled { get; set; }

    /// <summary>A study is stable this long after its last instance arrived or completed, once every instance is final.</summary>
    public double StudyQuietSeconds { get; set; } = 5;

    /// <summary>P(fractured) of the most suspicious instance from which the report says "fracture present".</summary>
    public double FractureThreshold { get; set; } = 0.5;

    /// <summary>Where each stable study's Structured Report is sent by C-STORE; none: results are kept, nothing is sent.</summary>
    public List<DicomDestinationOptions> Destinations { get; set; } = [];

    /// <summary>Tries per destination before the study is left <c>ExportFailed</c> (visible in the API and a metric).</summary>
    public int ExportMaxAttempts { get; set; } = 5;

    /// <summary>Wait before the second try; doubled after each failure up to <see cref="ExportMaxBackoffSeconds"/>.</summary>
    public double ExportInitialBackoffSeconds { get; set; } = 2;

    public double ExportMaxBackoffSeconds { get; set; } = 300;

    /// <summary>Connect, association and response timeout of one export attempt.</summary>
    public double ExportTimeoutSeconds { get; set; } = 30;

    public TimeSpan StudyQuietPeriod => TimeSpan.FromSeconds(StudyQuietSeconds);

    /// <summary>The wait after the <paramref name="failedAttempts"/>-th failed try.</summary>
    public TimeSpan ExportBackoff(int failedAttempts) =>
        TimeSpan.FromSeconds(Math.Min(ExportMaxBackoffSeconds, ExportInitialBackoffSeconds * Math.Pow(2, Math.Max(0, failedAttempts - 1))));
}

/// <summary>One PACS (or other store SCP) that receives our reports.</summary>
public sealed class DicomDestinationOptions
{
    /// <summary>The called AE title.</summary>
    public string AeTitle { get; set; } = "";

    public string Host { get; set; } = "";

    public int Port { get; set; } = 104;

    /// <summary>How the destination is named in the study API, logs and metrics.</summary>
    public string Name => $"{AeTitle}@{Host}:{Port}";
}
