using Xunit;

namespace FracCluster.TestSupport.Azurite;

/// <summary>
/// xunit fixture: one Azurite per test class (<c>IClassFixture&lt;AzuriteFixture&gt;</c>) or per collection
/// (<c>ICollectionFixture</c>). Give a test that stops Azurite its own fixture so it cannot disturb other tests.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteServer? _server;

    public AzuriteServer Server => _server ?? throw new InvalidOperationException("Azurite is not started yet.");

    public string ConnectionString => Server.ConnectionString;

    public async Task InitializeAsync() => _server = await AzuriteServer.StartNewAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
    }
}
