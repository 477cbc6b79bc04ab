using Microsoft.Extensions.Options;

namespace FracCluster.Dicom.Network;

/// <summary>Settings of the C-ECHO/C-STORE SCP (configuration section <see cref="SectionName"/>).</summary>
public sealed class DicomListenerOptions
{
    public const string SectionName = "Frac:Dicom";

    /// <summary>TCP port; 0 picks a free one (tests), the bound port is then <see cref="DicomListener.Port"/>.</summary>
    public int Port { get; set; } = 11112;

    /// <summary>Address to bind; empty binds every interface.</summary>
    public string BindAddress { get; set; } = string.Empty;

    /// <summary>Our AE title: an A-ASSOCIATE-RQ calling any other is rejected.</summary>
    public string AeTitle { get; set; } = "FRACCLUSTER";

    /// <summary>Calling AE titles allowed to associate, each mapped to the scanner id its instances are filed under.</summary>
    public Dictionary<string, string> CallingAeTitles { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Maximum length of a P-DATA-TF PDU we receive (advertised in the A-ASSOCIATE-AC) and send.</summary>
    public uint MaxPduLength { get; set; } = 65536;

    public int MaxConcurrentAssociations { get; set; } = 16;

    /// <summary>Time to receive the A-ASSOCIATE-RQ after a connection opens, and to see the peer close after a release.</summary>
    public TimeSpan ArtimTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait for the next complete PDU inside an association (a stalled peer is aborted after it).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Largest data set of one C-STORE held in memory. Together with <see cref="MaxPduLength"/> this bounds an
    /// association's memory; a larger instance is received to its end, discarded, and answered Out of Resources.
    /// </summary>
    public long MaxDataSetBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>
    /// Data set bytes all associations together may hold while instances arrive and are handed over; an instance
    /// that would go past it is received to its end, discarded and answered Out of Resources (retry later).
    /// </summary>
    public long MaxBufferedBytes { get; set; } = 1024L * 1024 * 1024;

    /// <summary>
    /// SOP classes accepted besides the image classes the model reads (<see cref="DicomAcceptedSyntaxes.StorageSopClasses"/>),
    /// in the same transfer syntaxes. Empty in a silo, whose intake wants images; <c>frac dicom listen</c> adds the SR
    /// classes so it can stand in for the PACS that receives our reports.
    /// </summary>
    public List<string> AdditionalSopClasses { get; set; } = [];
}

/// <summary>Checks <see cref="DicomListenerOptions"/> at start, so a typo in an AE title fails loudly, not per association.</summary>
public sealed class DicomListenerOptionsValidator : IValidateOptions<DicomListenerOptions>
{
    public ValidateOptionsResult Validate(string? name, DicomListenerOptions options)
    {
        var failures = new List<string>();
        if (options.Port is < 0 or > 65535)
        {
            failures.Add($"Port {options.Port} is not a TCP port.");
        }

        if (!IsValidAeTitle(options.AeTitle))
        {
            failures.Add($"AeTitle '{options.AeTitle}' must be 1-16 printable ASCII characters without a backslash.");
        }

        foreach (var (aeTitle, scannerId) in options.CallingAeTitles)
        {
            if (!IsValidAeTitle(aeTitle))
            {
                failures.Add($"Calling AE title '{aeTitle}' must be 1-16 printable ASCII characters without a backslash.");
            }

            if (string.IsNullOrWhiteSpace(scannerId))
            {
                failures.Add($"Calling AE title '{aeTitle}' maps to no scanner id.");
            }
        }

        if (options.MaxPduLength is < 4096 or > 16 * 1024 * 1024)
        {
            failures.Add($"MaxPduLength {options.MaxPduLength} must be between 4096 and 16 MiB.");
        }

        if (options.MaxConcurrentAssociations < 1)
        {
            failures.Add("MaxConcurrentAssociations must be at least 1.");
        }

        if (options.ArtimTimeout <= TimeSpan.Zero || options.IdleTimeout <= TimeSpan.Zero)
        {
            failures.Add("ArtimTimeout and IdleTimeout must be positive.");
        }

        if (options.MaxDataSetBytes < 1024)
        {
            failures.Add("MaxDataSetBytes must be at least 1 KiB.");
        }

        foreach (var sopClass in options.AdditionalSopClasses)
        {
            if (!FracCluster.Dicom.Codec.DicomUid.IsValid(sopClass))
            {
                failures.Add($"AdditionalSopClasses: '{sopClass}' is not a valid UID.");
            }
        }

        if (options.MaxBufferedBytes < options.MaxDataSetBytes)
        {
            // Otherwise an instance the per-instance limit allows could never be received, even on an idle listener.
            failures.Add("MaxBufferedBytes must be at least MaxDataSetBytes.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>AE value representation (PS3.5 6.2): at most 16 characters, no control characters or backslash.</summary>
    public static bool IsValidAeTitle(string? title)
    {
        var trimmed = title?.Trim(' ');
        return !string.IsNullOrEmpty(trimmed) && trimmed.Length <= 16 && trimmed.All(c => c is >= ' ' and <= '~' and not '\\');
    }
}
