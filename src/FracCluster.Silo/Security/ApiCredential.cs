namespace FracCluster.Silo.Security;

/// <summary>
/// Who a request comes from, once its key matched: the name that goes into the audit log, the role, and for a scanner
/// the scanner ids it may submit as and read (they come with the credential, never from a header it chooses).
/// </summary>
public sealed record ApiCredential(string Name, ApiRole Role, IReadOnlySet<string> ScannerIds)
{
    public bool IsOperator => Role == ApiRole.Operator;

    /// <summary>Whether this credential may submit as, and read the results of, <paramref name="scannerId"/>.</summary>
    public bool MayActAs(string scannerId) => IsOperator || ScannerIds.Contains(scannerId);

    /// <summary>The scanner id a request is filed under: the one it names if allowed, else its only id; null if neither.</summary>
    public string? ResolveScanner(string? requested) =>
        requested is not null
            ? (MayActAs(requested) ? requested : null)
            : (!IsOperator && ScannerIds.Count == 1 ? ScannerIds.First() : null);
}
