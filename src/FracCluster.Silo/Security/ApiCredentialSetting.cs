namespace FracCluster.Silo.Security;

/// <summary>
/// One credential as configured (<c>Frac:Api:Credentials:N</c> or an entry of <c>Frac:Api:CredentialsFile</c>): the key
/// itself is never stored, only its SHA-256 (<c>frac key hash</c> or <c>printf %s KEY | sha256sum</c>).
/// </summary>
public sealed class ApiCredentialSetting
{
    /// <summary>Appears in the audit log and in logs; unique.</summary>
    public string Name { get; set; } = string.Empty;

    public ApiRole Role { get; set; } = ApiRole.Scanner;

    /// <summary>SHA-256 of the key, 64 hex digits.</summary>
    public string KeySha256 { get; set; } = string.Empty;

    /// <summary>For a scanner: the scanner ids it may submit as and read. Ignored for an operator.</summary>
    public List<string> ScannerIds { get; set; } = [];
}
