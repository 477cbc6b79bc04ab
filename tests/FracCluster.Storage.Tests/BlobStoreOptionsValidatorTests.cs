namespace FracCluster.Storage.Tests;

public sealed class BlobStoreOptionsValidatorTests
{
    private static readonly BlobStoreOptionsValidator Validator = new();

    [Fact]
    public void Defaults_are_valid_file_storage()
    {
        var options = new BlobStoreOptions();

        Assert.Equal(BlobStoreProvider.File, options.Provider);
        Assert.True(Validator.Validate(null, options).Succeeded);
    }

    [Fact]
    public void File_provider_needs_a_root()
    {
        var result = Validator.Validate(null, new BlobStoreOptions { Root = " " });

        Assert.True(result.Failed);
        Assert.Contains("Root", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Azure_needs_a_connection_string_or_a_service_uri()
    {
        var result = Validator.Validate(null, new BlobStoreOptions { Provider = BlobStoreProvider.AzureBlob });

        Assert.True(result.Failed);
        Assert.Contains("ConnectionString", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Azure_service_uri_without_sas_needs_managed_identity()
    {
        var withoutIdentity = new BlobStoreOptions { Provider = BlobStoreProvider.AzureBlob, ServiceUri = new Uri("https://acct.blob.core.windows.net") };
        var withIdentity = new BlobStoreOptions { Provider = BlobStoreProvider.AzureBlob, ServiceUri = new Uri("https://acct.blob.core.windows.net"), UseManagedIdentity = true };
        var withSas = new BlobStoreOptions { Provider = BlobStoreProvider.AzureBlob, ServiceUri = new Uri("https://acct.blob.core.windows.net/?sv=2024-01-01&sig=abc") };

        Assert.Contains("UseManagedIdentity", Validator.Validate(null, withoutIdentity).FailureMessage, StringComparison.Ordinal);
        Assert.True(Validator.Validate(null, withIdentity).Succeeded);
        Assert.True(Validator.Validate(null, withSas).Succeeded);
    }

    [Theory]
    [InlineData("ab", false)]
    [InlineData("Upper", false)]
    [InlineData("-lead", false)]
    [InlineData("trail-", false)]
    [InlineData("double--hyphen", false)]
    [InlineData("under_score", false)]
    [InlineData("fraccluster", true)]
    [InlineData("frac-cluster-01", true)]
    public void Container_names_follow_azure_rules(string name, bool valid)
    {
        var options = new BlobStoreOptions { Provider = BlobStoreProvider.AzureBlob, ConnectionString = "UseDevelopmentStorage=true", ContainerName = name };

        Assert.Equal(valid, Validator.Validate(null, options).Succeeded);
    }

    [Fact]
    public void Retry_settings_are_bounded()
    {
        var options = new BlobStoreOptions
        {
            Provider = BlobStoreProvider.AzureBlob,
            ConnectionString = "UseDevelopmentStorage=true",
            MaxRetries = -1,
            NetworkTimeout = TimeSpan.Zero,
        };

        var result = Validator.Validate(null, options);

        Assert.Equal(2, result.Failures!.Count());
    }
}
