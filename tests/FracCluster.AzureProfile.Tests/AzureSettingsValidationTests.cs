using FracCluster.Silo.Hosting;
using FracCluster.Silo.Options;

namespace FracCluster.AzureProfile.Tests;

/// <summary>The Azure profile's settings: a connection string or a service URI (managed identity), valid Azure names.</summary>
public sealed class AzureSettingsValidationTests
{
    [Fact]
    public void A_service_uri_alone_is_enough_for_managed_identity()
    {
        var result = new FracStorageOptionsValidator().Validate(null, new FracStorageOptions
        {
            Provider = StorageProvider.AzureBlob,
            ServiceUri = "https://account.blob.core.windows.net/",
        });
        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData(null, null, "set ConnectionString")]
    [InlineData("UseDevelopmentStorage=true", "https://account.queue.core.windows.net/", "not both")]
    [InlineData(null, "account.queue.core.windows.net", "not an absolute http(s) URI")]
    public void Streams_need_exactly_one_well_formed_endpoint(string? connectionString, string? serviceUri, string message)
    {
        var result = new FracStreamsOptionsValidator().Validate(null, new FracStreamsOptions
        {
            Provider = StreamsProvider.AzureQueue,
            ConnectionString = connectionString,
            ServiceUri = serviceUri,
        });
        Assert.True(result.Failed);
        Assert.Contains(message, result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Upper")]
    [InlineData("ab")]
    [InlineData("double--hyphen")]
    [InlineData("-leading")]
    public void Container_names_follow_the_Azure_rules(string name)
    {
        var result = new FracStorageOptionsValidator().Validate(null, new FracStorageOptions
        {
            Provider = StorageProvider.AzureBlob,
            ConnectionString = "UseDevelopmentStorage=true",
            ContainerName = name,
        });
        Assert.True(result.Failed);
        Assert.Contains("ContainerName", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_user_assigned_identity_is_a_client_id()
    {
        var result = new FracAzureOptionsValidator().Validate(null, new FracAzureOptions { ManagedIdentityClientId = "my-identity" });
        Assert.True(result.Failed);
        Assert.Contains("ManagedIdentityClientId", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Queue_names_derive_from_the_service_id_in_Azure_form()
    {
        var names = AzureProviderExtensions.QueueNames("FracCluster_Prod", 3);
        Assert.Equal(["fraccluster-prod-frac-0", "fraccluster-prod-frac-1", "fraccluster-prod-frac-2"], names);
    }
}
