using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FracCluster.TestSupport.Azurite;

/// <summary>
/// One Azurite process (blob, queue and table services) on free loopback ports with its data in a temporary folder.
/// <see cref="StopAsync"/> and <see cref="StartAsync"/> keep the ports and the data, so a test can simulate a storage outage
/// and its recovery. Disposing stops the process and deletes the folder.
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account.</summary>
    public const string AccountName = "devstoreaccount1";

    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly string _executable;
    private readonly StringBuilder _output = new();
    private readonly object _outputLock = new();
    private Process? _process;
    private TaskCompletionSource? _ready;
    private int _listening;

    private AzuriteServer(string executable, string location)
    {
        _executable = executable;
        Location = location;
    }

    public string Location { get; }

    public int BlobPort { get; private set; }

    public int QueuePort { get; private set; }

    public int TablePort { get; private set; }

    public bool IsRunning => _process is { HasExited: false };

    public Uri BlobEndpoint => new($"http://127.0.0.1:{BlobPort}/{AccountName}");

    public Uri QueueEndpoint => new($"http://127.0.0.1:{QueuePort}/{AccountName}");

    public Uri TableEndpoint => new($"http://127.0.0.1:{TablePort}/{AccountName}");

    /// <summary>A connection string for all three services, usable by Azure SDK clients and Orleans' Azure providers.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint={BlobEndpoint};QueueEndpoint={QueueEndpoint};TableEndpoint={TableEndpoint};";

    /// <summary>Finds (or installs) Azurite and starts it on free loopback ports.</summary>
    public static async Task<AzuriteServer> StartNewAsync(CancellationToken cancellationToken = default)
    {
        var executable = await AzuriteLocator.FindOrInstallAsync(cancellationToken);
        var location = Directory.CreateTempSubdirectory("fraccluster-azurite-").FullName;
        var server = new AzuriteServer(executable, location);
        try
        {
            // Free ports can be taken between probing and binding: try a few fresh sets.
            for (var attempt = 1; ; attempt++)
            {
                (server.BlobPort, server.QueuePort, server.TablePort) = FreeLoopbackPorts();
                try
                {
                    await server.StartAsync(cancellationToken);
                    return server;
                }
                catch (AzuriteStartException ex) when (attempt < 3 && ex.Message.Contains("EADDRINUSE", StringComparison.Ordinal))
                {
                }
            }
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>(Re)starts the process on the same ports and data folder; returns once all three services listen.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (IsRunning)
            return;
        _process?.Dispose();
        lock (_outputLock)
            _output.Clear();
        _listening = 0;
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _ready = ready;

        var psi = new ProcessStartInfo(_executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--blobHost", "127.0.0.1", "--blobPort", BlobPort.ToString(CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", QueuePort.ToString(CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", TablePort.ToString(CultureInfo.InvariantCulture),
            "--location", Location,
            "--skipApiVersionCheck", "--loose", "--silent", "--disableTelemetry",
        })
        {
            psi.ArgumentList.Add(arg);
        }
        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => OnLine(e.Data, ready);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data, ready);
        process.Exited += (_, _) =>
        {
            // Let the output readers drain so the message (and the EADDRINUSE retry check) sees the last lines.
            process.WaitForExit();
            ready.TrySetException(new AzuriteStartException($"Azurite exited before it was ready:\n{Output}"));
        };
        if (!process.Start())
            throw new AzuriteStartException($"Could not start '{_executable}'.");
        _process = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(StartTimeout);
        try
        {
            await ready.Task.WaitAsync(cts.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await StopAsync();
            throw new AzuriteStartException($"Azurite did not report three listening services within {StartTimeout.TotalSeconds} s:\n{Output}");
        }
        catch
        {
            await StopAsync();
            throw;
        }
    }

    /// <summary>
    /// Stops the service as an outage would: SIGTERM, so Azurite saves its metadata (it autosaves only every 5 s, and a
    /// killed Azurite forgets recent writes), falling back to a kill after 10 s. Data and ports are kept for <see cref="StartAsync"/>.
    /// </summary>
    public async Task StopAsync()
    {
        var process = _process;
        if (process is null || process.HasExited)
            return;
        if (!OperatingSystem.IsWindows() && NativeMethods.Kill(process.Id, NativeMethods.SigTerm) == 0)
        {
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await process.WaitForExitAsync(grace.Token);
                return;
            }
            catch (OperationCanceledException)
            {
                // Did not stop in time: fall through to the kill.
            }
        }
        await KillAsync();
    }

    /// <summary>Kills the process at once, as a crash would. Writes of the last few seconds may be lost (Azurite's own behaviour).</summary>
    public async Task KillAsync()
    {
        var process = _process;
        if (process is null || process.HasExited)
            return;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    /// <summary>What the process printed since it was last started, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_outputLock)
                return _output.ToString();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process?.Dispose();
        _process = null;
        try
        {
            Directory.Delete(Location, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; failing the test run over it is not.
        }
    }

    private void OnLine(string? line, TaskCompletionSource ready)
    {
        if (line is null)
            return;
        lock (_outputLock)
        {
            if (_output.Length < 64 * 1024)
                _output.AppendLine(line);
        }
        // Azurite prints "Azurite Blob service is successfully listening at http://..." once per service, even with --silent.
        if (line.Contains("successfully listening", StringComparison.OrdinalIgnoreCase) && Interlocked.Increment(ref _listening) == 3)
            ready.TrySetResult();
    }

    private static (int Blob, int Queue, int Table) FreeLoopbackPorts()
    {
        // Hold all three listeners open at once so the three ports differ.
        var listeners = Enumerable.Range(0, 3).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        try
        {
            foreach (var l in listeners)
                l.Start();
            var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
            return (ports[0], ports[1], ports[2]);
        }
        finally
        {
            foreach (var l in listeners)
                l.Stop();
        }
    }
}
