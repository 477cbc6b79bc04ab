using FracCluster.TestSupport.Azurite;

namespace FracCluster.Storage.Tests;

/// <summary>One Azurite shared by the test classes that never stop it (each uses its own containers).</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
