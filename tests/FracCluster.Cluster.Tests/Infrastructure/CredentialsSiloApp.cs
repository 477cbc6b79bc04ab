using System.Security.Cryptography;
using System.Text;

namespace FracCluster.Cluster.Tests.Infrastructure;

/// <summary>
/// The real silo host with named credentials besides the operator key: two scanner credentials (one scanner id each,
/// and one with two ids) and a named operator, all from a credentials file the tests may rewrite.
/// </summary>
public sealed class CredentialsSiloApp : SiloAppFixture
{
    public const string WardKey = "ward-3-scanner-key-0123456789";
    public const string TwoRoomsKey = "rooms-scanner-key-0123456789";
    public const string NurseOperatorKey = "night-operator-key-0123456789";

    private readonly TempFolder _folder = new();

    public CredentialsSiloApp()
    {
        CredentialsFile = Path.Combine(_folder.Path, "credentials.json");
        WriteCredentials(WardKey);
        AuditFile = Path.Combine(_folder.Path, "audit.jsonl");
    }

    public string CredentialsFile { get; }

    public string AuditFile { get; }

    protected override IReadOnlyList<string> Overrides =>
        [$"--Frac:Api:CredentialsFile={CredentialsFile}", $"--Frac:Audit:Path={AuditFile}"];

    /// <summary>Rewrites the file, the ward scanner's key being <paramref name="wardKey"/> (a rotation).</summary>
    public void WriteCredentials(string wardKey) =>
        File.WriteAllText(CredentialsFile, $$"""
            [
              { "name": "ward-3-dx", "role": "Scanner", "keySha256": "{{Sha(wardKey)}}", "scannerIds": ["ward-3"] },
              { "name": "rooms-cr", "role": "Scanner", "keySha256": "{{Sha(TwoRoomsKey)}}", "scannerIds": ["room-1", "room-2"] },
              { "name": "night-operator", "role": "Operator", "keySha256": "{{Sha(NurseOperatorKey)}}" }
            ]
            """);

    public HttpClient With(string key)
    {
        var client = new HttpClient { BaseAddress = Http.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    public static string Sha(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _folder.Dispose();
    }
}
