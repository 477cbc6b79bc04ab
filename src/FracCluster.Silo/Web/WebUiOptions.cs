namespace FracCluster.Silo.Web;

/// <summary>Section <c>Frac:Web</c>: the operator's web pages (worklist, cluster, training) every silo serves under <c>/ui/</c>.</summary>
public sealed class WebUiOptions
{
    public const string Section = "Frac:Web";

    /// <summary>Serve the pages. Off: <c>/ui/</c> answers 404 and only the API is served.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long a sign-in lasts before the key must be entered again.</summary>
    public double SessionHours { get; set; } = 12;

    /// <summary>
    /// P(fractured) from which a scan goes to the "fractured and urgent" list at the top of the worklist: the
    /// high-sensitivity operating point of the model in use (report.md's <c>sensitivity&gt;=0.95</c> threshold), lower
    /// than the label's 0.5 so that fewer fractures are missed at the price of more false alarms to look at first.
    /// </summary>
    public double HighSensitivityThreshold { get; set; } = 0.3;

    /// <summary>Longest side of the worklist's thumbnails, in pixels.</summary>
    public int ThumbnailPixels { get; set; } = 96;

    /// <summary>Longest side of the image shown when a scan is opened, in pixels.</summary>
    public int PreviewPixels { get; set; } = 1024;
}
