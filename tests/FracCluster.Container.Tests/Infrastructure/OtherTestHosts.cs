namespace FracCluster.Container.Tests.Infrastructure;

/// <summary>
/// `dotnet test FracCluster.sln` runs the test assemblies side by side. On a 2-core machine, four containerized silos,
/// a self-contained publish and image builds next to the Azure profile's and the cluster's timing-sensitive crash tests
/// would starve them, so this suite first waits (bounded) until the other FracCluster test hosts of the machine are done.
/// </summary>
public static class OtherTestHosts
{
    private const string OwnAssembly = "FracCluster.Container.Tests";

    /// <summary>Names of the other FracCluster test assemblies whose test hosts are running now.</summary>
    public static IReadOnlyList<string> Running()
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), CultureInfo.InvariantCulture, out var pid) || pid == Environment.ProcessId)
                continue;
            string cmdline;
            try
            {
                cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue; // the process is gone, or not ours to read
            }
            if (!cmdline.Contains("testhost", StringComparison.Ordinal))
                continue;
            foreach (var word in cmdline.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var name = Path.GetFileName(word);
                if (name.StartsWith("FracCluster.", StringComparison.Ordinal) && name.EndsWith(".deps.json", StringComparison.Ordinal)
                    && !name.StartsWith(OwnAssembly, StringComparison.Ordinal))
                    found.Add(name[..^".deps.json".Length]);
            }
        }
        return [.. found];
    }

    /// <summary>Waits until no other FracCluster test host runs, or <paramref name="limit"/> passes (then goes ahead).</summary>
    public static async Task<(TimeSpan Waited, IReadOnlyList<string> StillRunning)> WaitUntilAloneAsync(TimeSpan limit)
    {
        var started = DateTime.UtcNow;
        while (true)
        {
            var running = Running();
            if (running.Count == 0 || DateTime.UtcNow - started > limit)
                return (DateTime.UtcNow - started, running);
            await Task.Delay(TimeSpan.FromSeconds(5));
        }
    }
}
