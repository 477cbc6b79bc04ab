using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace FracCluster.Cli.Benchmarks;

/// <summary>
/// Runs bench/pytorch_bench.py (torchvision's EfficientNet in the system's PyTorch) with the same variant, batch, size
/// and threads, and reads back its JSON line.
/// </summary>
public static class PyTorchForwardBenchmark
{
    public const string DefaultPython = "/usr/bin/python3";
    public const string ScriptName = "pytorch_bench.py";

    /// <summary>The script beside the CLI binary (copied at build), else bench/ under the current folder.</summary>
    public static string? FindScript()
    {
        foreach (var candidate in new[] { Path.Combine(AppContext.BaseDirectory, "bench", ScriptName), Path.Combine("bench", ScriptName) })
        {
            if (File.Exists(candidate))
                return Path.GetFullPath(candidate);
        }
        return null;
    }

    /// <summary>Returns the result, or an explanation of why PyTorch could not be benchmarked.</summary>
    public static async Task<(ForwardBenchmarkResult? Result, string? Problem)> RunAsync(
        string python, string script, string variant, int batch, int size, int threads, int warmUp, int iterations, CancellationToken cancellationToken)
    {
        if (!File.Exists(python))
            return (null, $"{python} not found: install Debian's python3-torch and python3-torchvision to compare with PyTorch.");
        var start = new ProcessStartInfo(python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            script, "--variant", variant, "--batch", Invariant(batch), "--size", Invariant(size), "--threads", Invariant(threads),
            "--warmup", Invariant(warmUp), "--iterations", Invariant(iterations), "--json",
        })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {python}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        if (process.ExitCode != 0)
        {
            var error = (await stderr).Trim();
            return (null, $"{python} {ScriptName} exited with {process.ExitCode}: {LastLines(error, 3)}");
        }
        var line = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        if (line is null)
            return (null, $"{python} {ScriptName} printed nothing.");
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        var times = root.GetProperty("batch_ms").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        return (new ForwardBenchmarkResult
        {
            Engine = "PyTorch",
            Version = $"{root.GetProperty("torch").GetString()}, torchvision {root.GetProperty("torchvision").GetString()}",
            Threads = root.GetProperty("threads").GetInt32(),
            Batch = batch,
            Size = size,
            BatchMilliseconds = times,
        }, null);
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string LastLines(string text, int count) =>
        string.Join(" | ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(count));
}
