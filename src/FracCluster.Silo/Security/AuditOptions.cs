namespace FracCluster.Silo.Security;

/// <summary>Section <c>Frac:Audit</c>: where the audit log goes.</summary>
public sealed class AuditOptions
{
    public const string Section = "Frac:Audit";

    /// <summary>
    /// JSON-lines file every silo of this machine appends to (one line per write, opened for append each time, so
    /// processes sharing it do not interleave lines). Empty: <c>{Frac:Storage:Root}/audit/audit.jsonl</c>.
    /// </summary>
    public string? Path { get; set; }
}
