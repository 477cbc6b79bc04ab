using System.Diagnostics;

namespace FracCluster.Ml.Tests.Cli;

/// <summary>Runs the system's Python for tests that need PyTorch on the side.</summary>
internal static class SystemPython
{
    public static bool CanImport(string python, string modules)
    {
        if (!File.Exists(python))
            return false;
        var (exitCode, _) = Run(python, ["-c", $"import {modules}"], TimeSpan.FromMinutes(2));
        return exitCode == 0;
    }

    /// <summary>Exit code and stderr; throws <see cref="TimeoutException"/> when the process outlives <paramref name="timeout"/>.</summary>
    public static (int ExitCode, string Error) Run(string python, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {python}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{python} {string.Join(' ', start.ArgumentList)} ran longer than {timeout}.");
        }
        stdout.Wait();
        return (process.ExitCode, stderr.Result);
    }
}
