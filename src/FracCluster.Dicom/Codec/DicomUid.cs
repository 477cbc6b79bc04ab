using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace FracCluster.Dicom.Codec;

/// <summary>
/// UIDs in the 2.25 arc (PS3.5 B.2): "2.25." and a UUID as one unsigned decimal integer, so no organisation root is
/// needed and no two silos can collide.
/// </summary>
public static class DicomUid
{
    /// <summary>Ours, in every file meta header we write (0002,0012).</summary>
    public const string ImplementationClassUid = "2.25.20192964369276119209177541573696356388";

    public const string ImplementationVersionName = "FRACCLUSTER_1";

    /// <summary>A new random (version 4) UUID UID.</summary>
    public static string Generate() => FromUuidBytes(Guid.NewGuid().ToByteArray(bigEndian: true));

    /// <summary>
    /// The same UID for the same names, a name-based (version 8, SHA-256) UUID: an export redone for the same study
    /// result produces the same SR and SC instance UIDs, so a PACS sees a duplicate, not a second report.
    /// </summary>
    public static string Derive(params string[] names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001F', names)));
        var uuid = hash.AsSpan(0, 16).ToArray();
        uuid[6] = (byte)((uuid[6] & 0x0F) | 0x80); // version 8 (custom)
        uuid[8] = (byte)((uuid[8] & 0x3F) | 0x80); // RFC 9562 variant
        return FromUuidBytes(uuid);
    }

    /// <summary>PS3.5 9.1: 1–64 characters, digits and dots, no empty component, no leading zero in a component.</summary>
    public static bool IsValid(string? uid)
    {
        if (string.IsNullOrEmpty(uid) || uid.Length > 64)
            return false;
        foreach (var component in uid.Split('.'))
        {
            if (component.Length == 0 || !component.All(char.IsAsciiDigit) || (component.Length > 1 && component[0] == '0'))
                return false;
        }

        return true;
    }

    private static string FromUuidBytes(byte[] bigEndian) =>
        "2.25." + new BigInteger(bigEndian, isUnsigned: true, isBigEndian: true).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
