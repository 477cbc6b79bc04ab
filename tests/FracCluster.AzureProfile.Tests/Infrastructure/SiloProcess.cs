using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace FracCluster.AzureProfile.Tests.Infrastructure;

/// <summary>
/// One built FracCluster.Silo running as its own process with the Azure profile. <see cref="KillAsync"/> is
/// <c>kill -9</c> (SIGKILL: no shutdown, no membership update); <see cref="StartAsync"/> starts it again on the same
/// ports, as a restarted pod would.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly AzureProfileSettings _settings;
    private readonly string _workingDirectory;
    private readonly StringBuilder _output = new();
    private readonly object _outputLock = new();
    private Process? _process;

    public SiloProcess(AzureProfileSettings settings, string workingDirectory)
    {
        _settings = settings;
        _workingDirectory = workingDirectory;
        Directory.CreateDirectory(workingDirectory);
        Http = new HttpClient { BaseAddress = settings.HttpAddress, Timeout = TimeSpan.FromSeconds(30) };
        Http.DefaultRequestHeaders.Add("X-Api-Key", AzureProfileSettings.ApiKey);
    }

    public string Name => _settings.SiloName;

    public HttpClient Http { get; }

    public int SiloPort => _settings.SiloPort;

    /// <summary>
    /// Whether an Orleans silo address as the API reports it (<c>127.0.0.1:11111@generation</c>, e.g. a run's
    /// coordinator silo) is this silo, in any of its incarnations: every incarnation listens on the same silo port.
    /// </summary>
    public bool Hosts(string? siloAddress)
    {
        if (siloAddress is null)
            return false;
        var endpoint = siloAddress.Split('@')[0];
        var colon = endpoint.LastIndexOf(':');
        return colon > 0 && int.TryParse(endpoint[(colon + 1)..], CultureInfo.InvariantCulture, out var port) && port == SiloPort;
    }

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Everything the process printed (all of its incarnations), for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_outputLock)
                return _output.ToString();
        }
    }

    /// <summary>Lines printed as JSON objects (Logging:Console:FormatterName=json).</summary>
    public int JsonLogLines => Output.Split('\n').Count(IsJsonObject);

    public void Start()
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(RepositoryPaths.SiloDll);
        foreach (var (key, value) in _settings.Environment())
            psi.Environment[key] = value;
        var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        if (!process.Start())
            throw new InvalidOperationException($"Could not start {RepositoryPaths.SiloDll}.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process?.Dispose();
        _process = process;
        Append($"--- {Name} started as pid {process.Id}");
    }

    /// <summary>Waits until /readyz says every local model grain is loaded and warm.</summary>
    public Task WaitReadyAsync(TimeSpan timeout) => Poll.UntilAsync(async () =>
    {
        if (_process is { HasExited: true } exited)
            throw new InvalidOperationException($"{Name} exited with code {exited.ExitCode} before it was ready:\n{Output}");
        using var response = await Http.GetAsync("/readyz");
        return response.IsSuccessStatusCode;
    }, timeout, $"{Name} to be ready", TimeSpan.FromMilliseconds(500));

    /// <summary>SIGKILL, like <c>kill -9</c>: the silo gets no chance to hand anything over.</summary>
    public async Task KillAsync()
    {
        if (_process is not { HasExited: false } process)
            return;
        Append($"--- {Name} killed (SIGKILL)");
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    /// <summary>A metric's summed value over all its series on /metrics (0 when absent).</summary>
    public async Task<double> MetricAsync(string prometheusName)
    {
        var text = await Http.GetStringAsync("/metrics");
        return text.Split('\n')
            .Where(l => l.StartsWith(prometheusName, StringComparison.Ordinal) && (l.Length == prometheusName.Length || l[prometheusName.Length] is ' ' or '{'))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false } process)
        {
            // A graceful stop (SIGTERM through the host) would be kinder but slower; the cluster is thrown away anyway.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        _process?.Dispose();
        Http.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_outputLock)
        {
            if (_output.Length < 4 * 1024 * 1024)
                _output.AppendLine(line);
        }
    }

    private static bool IsJsonObject(string line)
    {
        var trimmed = line.Trim();
        if (!trimmed.StartsWith('{'))
            return false;
        try
        {
            using var document = JsonDocument.Parse(trimmed);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("LogLevel", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
