namespace FracCluster.AzureProfile.Tests.Infrastructure;

/// <summary>
/// Several <see cref="SiloProcess"/>es of one Azure-profile cluster (same cluster id, blob container, queues), each in
/// its own working folder. Disposing kills whatever is still running.
/// </summary>
public sealed class SiloProcessCluster : IAsyncDisposable
{
    public SiloProcessCluster(string connectionString, string clusterId, string folder, int count, IReadOnlyDictionary<string, string>? overrides = null)
    {
        for (var i = 1; i <= count; i++)
        {
            var settings = new AzureProfileSettings
            {
                ConnectionString = connectionString,
                ClusterId = clusterId,
                SiloName = $"silo{i}",
                Overrides = overrides ?? new Dictionary<string, string>(),
            };
            Silos.Add(new SiloProcess(settings, Path.Combine(folder, $"silo{i}")));
        }
    }

    public List<SiloProcess> Silos { get; } = [];

    /// <summary>Starts every silo and waits until all are ready.</summary>
    public async Task StartAsync(TimeSpan readyTimeout)
    {
        // The first silo creates the membership table; the others join it.
        Silos[0].Start();
        await Silos[0].WaitReadyAsync(readyTimeout);
        foreach (var silo in Silos.Skip(1))
            silo.Start();
        await Task.WhenAll(Silos.Skip(1).Select(s => s.WaitReadyAsync(readyTimeout)));
    }

    /// <summary>The last few KB of what each silo printed (JSON log lines, newest at the bottom), for a failed run.</summary>
    public void WriteOutputTails(ITestOutputHelper output, int characters = 6000)
    {
        foreach (var silo in Silos)
        {
            var text = silo.Output;
            output.WriteLine($"--- last output of {silo.Name} ---\n{text[Math.Max(0, text.Length - characters)..]}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in Silos)
            await silo.DisposeAsync();
    }
}
