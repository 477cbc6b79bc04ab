using System.Diagnostics;

namespace FracCluster.TestSupport.Azurite;

/// <summary>
/// Finds the <c>azurite</c> executable: <c>$AZURITE_PATH</c>, then PATH, then npm's global bin folder; installs
/// <c>azurite@<see cref="PinnedVersion"/></c> globally with npm when none is found (what <c>.ci/run</c> also does).
/// </summary>
public static class AzuriteLocator
{
    public const string PinnedVersion = "3.37.0";

    private static readonly SemaphoreSlim InstallGate = new(1, 1);

    public static async Task<string> FindOrInstallAsync(CancellationToken cancellationToken = default)
    {
        var found = await FindAsync(cancellationToken);
        if (found is not null)
            return found;
        await InstallGate.WaitAsync(cancellationToken);
        try
        {
            found = await FindAsync(cancellationToken);
            if (found is not null)
                return found;
            // Several test assemblies may start at once: a lock file keeps their npm installs apart.
            await using var crossProcessLock = await AcquireFileLockAsync(Path.Combine(Path.GetTempPath(), "fraccluster-azurite-install.lock"), cancellationToken);
            found = await FindAsync(cancellationToken);
            if (found is not null)
                return found;
            if (FindOnPath("npm") is null)
                throw new InvalidOperationException($"Azurite is not installed and npm is not on PATH: install Node.js and npm, run 'npm install -g azurite@{PinnedVersion}', or set AZURITE_PATH.");
            var (exit, output) = await RunAsync("npm", ["install", "-g", $"azurite@{PinnedVersion}"], TimeSpan.FromMinutes(5), cancellationToken);
            if (exit != 0)
                throw new InvalidOperationException($"'npm install -g azurite@{PinnedVersion}' failed with exit code {exit}:\n{output}");
            return await FindAsync(cancellationToken)
                ?? throw new InvalidOperationException($"azurite@{PinnedVersion} was installed but no 'azurite' executable was found on PATH or in npm's global bin folder.");
        }
        finally
        {
            InstallGate.Release();
        }
    }

    public static async Task<string?> FindAsync(CancellationToken cancellationToken = default)
    {
        var explicitPath = Environment.GetEnvironmentVariable("AZURITE_PATH");
        if (!string.IsNullOrWhiteSpace(explicitPath))
            return File.Exists(explicitPath) ? explicitPath : throw new FileNotFoundException($"AZURITE_PATH points to '{explicitPath}', which does not exist.");
        var onPath = FindOnPath("azurite");
        if (onPath is not null)
            return onPath;
        if (FindOnPath("npm") is null)
            return null;
        var (exit, output) = await RunAsync("npm", ["prefix", "-g"], TimeSpan.FromMinutes(1), cancellationToken);
        if (exit != 0)
            return null;
        var prefix = output.Trim();
        foreach (var candidate in new[] { Path.Combine(prefix, "bin", "azurite"), Path.Combine(prefix, "azurite.cmd"), Path.Combine(prefix, "azurite") })
        {
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }

    private static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        var names = OperatingSystem.IsWindows() ? new[] { name + ".cmd", name + ".exe" } : new[] { name };
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var n in names)
            {
                var candidate = Path.Combine(dir, n);
                if (File.Exists(candidate))
                    return candidate;
            }
        }
        return null;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string fileName, string[] args, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo(FindOnPath(fileName) ?? fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start '{fileName}'.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{fileName} {string.Join(' ', args)}' did not finish within {timeout}.");
        }
        return (process.ExitCode, await stdout + await stderr);
    }

    private static async Task<FileStream> AcquireFileLockAsync(string path, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(6);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
            }
        }
    }
}
