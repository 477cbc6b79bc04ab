using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace FracCluster.Grains.Intake;

/// <summary>Scan and scanner identifiers: what is allowed, and how a client scan id maps to a stable scan id.</summary>
public static partial class ScanIds
{
    /// <summary>Scanner ids and client scan ids: 1–128 characters of letters, digits, '.', '_', '-'.</summary>
    public static bool IsValidName(string? value) => value is not null && NamePattern().IsMatch(value);

    /// <summary>
    /// A retry with the same scanner and client scan id maps to the same scan id, so it finds the first attempt instead of
    /// queueing the image twice. Without a client id every call is a new scan.
    /// </summary>
    public static string For(string scannerId, string? clientScanId)
    {
        if (clientScanId is null)
            return Guid.NewGuid().ToString("N");
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{scannerId}\n{clientScanId}"));
        return Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }

    /// <summary>
    /// Where intake stores a scan's image bytes: by the day it arrived (UTC), so old scans can be expired by prefix, and
    /// with the start of the content hash, so other bytes sent under the same scan id can never overwrite them. Records
    /// made before the hash was kept (<paramref name="sha256"/> null) used the scan id alone.
    /// </summary>
    public static string BlobKey(string blobPrefix, DateTimeOffset receivedAt, string scanId, string? sha256) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{blobPrefix.TrimEnd('/')}/{receivedAt.UtcDateTime:yyyy/MM/dd}/{scanId}{(sha256 is null ? "" : "-" + sha256[..16])}");

    /// <summary>Where a scan's heatmap overlay (PNG) is stored: beside its image, so both expire with the same prefix.</summary>
    public static string HeatmapKey(string imageBlobKey) => imageBlobKey + ".heatmap.png";

    [GeneratedRegex("^[A-Za-z0-9._-]{1,128}$")]
    private static partial Regex NamePattern();
}
