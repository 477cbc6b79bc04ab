namespace FracCluster.Ml.Tests;

/// <summary>Fixture files copied beside the test assembly (see the csproj's Fixtures/** item).</summary>
internal static class FixturePath
{
    public static string Of(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);
}
