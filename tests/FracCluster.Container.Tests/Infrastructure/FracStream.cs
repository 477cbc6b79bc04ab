using System.Diagnostics;
using System.Text;

namespace FracCluster.Container.Tests.Infrastructure;

/// <summary>
/// `frac stream` (the scanner simulator) as a process against a silo's API, and the counts of its summary table. Its
/// own --wait bounds how long it waits for results; <see cref="WaitAsync"/> adds a hard limit on top.
/// </summary>
public sealed class FracStream : IDisposable
{
    private readonly StringBuilder _output = new();
    private readonly Process _process;

    private FracStream(Process process) => _process = process;

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public static FracStream Start(string images, Uri api, string apiKey, int count, double rate, int scanners, string workingDirectory)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var arg in new[]
        {
            RepositoryPaths.FracDll, "stream", images,
            "--rate", rate.ToString(CultureInfo.InvariantCulture), "--scanners", scanners.ToString(CultureInfo.InvariantCulture),
            "--count", count.ToString(CultureInfo.InvariantCulture),
            "--api", api.ToString().TrimEnd('/'), "--api-key", apiKey, "--wait", "120",
        })
        {
            psi.ArgumentList.Add(arg);
        }
        psi.Environment["NO_COLOR"] = "1";
        var stream = new FracStream(new Process { StartInfo = psi });
        stream._process.OutputDataReceived += (_, e) => stream.Append(e.Data);
        stream._process.ErrorDataReceived += (_, e) => stream.Append(e.Data);
        stream._process.Start();
        stream._process.BeginOutputReadLine();
        stream._process.BeginErrorReadLine();
        return stream;
    }

    /// <summary>Waits for the simulator to finish; kills it and throws after <paramref name="timeout"/>.</summary>
    public async Task<StreamSummary> WaitAsync(TimeSpan timeout)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"frac stream did not finish within {timeout.TotalSeconds:F0} s:\n{Output}");
        }
        _process.WaitForExit();
        var summary = Output;
        if (_process.ExitCode != 0)
            throw new InvalidOperationException($"frac stream exited {_process.ExitCode}:\n{summary}");
        return new StreamSummary(
            Row(summary, "sent (accepted scans)"), Row(summary, "results"), Row(summary, "completed"),
            Row(summary, "lost"), Row(summary, "duplicates"), summary);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

    /// <summary>A number from a row of the `frac stream` summary table.</summary>
    private static int Row(string summary, string name)
    {
        foreach (var line in summary.Split('\n'))
        {
            var cells = line.Split('│', '|').Select(c => c.Trim()).Where(c => c.Length > 0).ToList();
            if (cells.Count == 2 && cells[0] == name && int.TryParse(cells[1], CultureInfo.InvariantCulture, out var value))
                return value;
        }
        throw new InvalidOperationException($"No row '{name}' in the frac stream summary:\n{summary}");
    }
}

/// <summary>The counts `frac stream` printed: accepted scans, results, completed, lost, duplicates.</summary>
public sealed record StreamSummary(int Sent, int Results, int Completed, int Lost, int Duplicates, string Text)
{
    public override string ToString() => $"sent {Sent}, results {Results}, completed {Completed}, lost {Lost}, duplicates {Duplicates}";
}
