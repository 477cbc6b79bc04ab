using FracCluster.Cluster.Tests.Infrastructure;
using FracCluster.Silo.Options;
using FracCluster.Silo.Security;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FracCluster.Cluster.Tests.Security;

/// <summary>A credentials file that cannot be what the operator meant stops the silo at start, with the reason.</summary>
public sealed class CredentialRegistryTests
{
    [Theory]
    [InlineData("", "is empty")]
    [InlineData("[]", "holds no credential")]
    [InlineData("{ not json", "not a JSON array")]
    [InlineData("""[{ "name": "a", "role": "Scanner", "keySha256": "plain-key-not-a-hash", "scannerIds": ["s"] }]""", "64 hex digits")]
    [InlineData("""[{ "name": "a", "role": "Scanner", "keySha256": "0000000000000000000000000000000000000000000000000000000000000000" }]""", "names no scanner id")]
    [InlineData("""[{ "name": "a", "role": "Operator", "keySha256": "0000000000000000000000000000000000000000000000000000000000000000" }, { "name": "a", "role": "Operator", "keySha256": "1111111111111111111111111111111111111111111111111111111111111111" }]""", "Two credentials are named 'a'")]
    public void An_unusable_credentials_file_is_refused_with_the_reason(string content, string expected)
    {
        using var folder = new TempFolder();
        var file = Path.Combine(folder.Path, "credentials.json");
        File.WriteAllText(file, content);
        var error = Assert.Throws<InvalidOperationException>(() => Create(file));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_is_found_by_its_hash_and_a_wrong_key_finds_nothing()
    {
        using var folder = new TempFolder();
        var file = Path.Combine(folder.Path, "credentials.json");
        File.WriteAllText(file, $$"""[{ "name": "dx-1", "role": "Scanner", "keySha256": "{{CredentialsSiloApp.Sha("the-scanner-key-0123")}}", "scannerIds": ["dx-1"] }]""");
        var registry = Create(file);
        var found = registry.Find(CredentialRegistry.Hash("the-scanner-key-0123"));
        Assert.NotNull(found);
        Assert.Equal("dx-1", found.Name);
        Assert.True(found.MayActAs("dx-1"));
        Assert.False(found.MayActAs("dx-2"));
        Assert.Null(registry.Find(CredentialRegistry.Hash("the-scanner-key-0124")));
    }

    private static CredentialRegistry Create(string file) =>
        new(Options.Create(new ApiOptions { CredentialsFile = file }), TimeProvider.System, NullLogger<CredentialRegistry>.Instance);
}
