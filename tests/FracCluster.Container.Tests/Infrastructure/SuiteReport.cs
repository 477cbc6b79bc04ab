namespace FracCluster.Container.Tests.Infrastructure;

/// <summary>
/// The figures a container test measured (counts, times), to the test output and appended to a report file
/// (FRACCLUSTER_CONTAINER_REPORT, default /tmp/fraccluster-container-report.txt), since `dotnet test` shows a passing
/// test's output only at detailed verbosity.
/// </summary>
public sealed class SuiteReport(ITestOutputHelper output, string test)
{
    public static string FilePath { get; } = Environment.GetEnvironmentVariable("FRACCLUSTER_CONTAINER_REPORT")
        ?? Path.Combine(Path.GetTempPath(), "fraccluster-container-report.txt");

    public void Line(string text)
    {
        output.WriteLine(text);
        try
        {
            File.AppendAllText(FilePath, $"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ} [{test}] {text}\n");
        }
        catch (IOException)
        {
            // The report file is a convenience; the test output has the same lines.
        }
    }
}
