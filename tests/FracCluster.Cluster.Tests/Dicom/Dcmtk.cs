using System.Diagnostics;

namespace FracCluster.Cluster.Tests.Dicom;

/// <summary>
/// dcmtk's tools as the DICOM peer nobody here wrote. A missing tool fails the test naming it (.ci/run installs
/// Debian's dcmtk); it never passes silently.
/// </summary>
internal static class Dcmtk
{
    public static (int ExitCode, string Output) Run(string tool, params string[] arguments)
    {
        using var process = Start(tool, arguments);
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill();
            Assert.Fail($"{tool} {string.Join(' ', arguments)} did not finish within 120 s.");
        }
        return (process.ExitCode, output.Result + errors.Result);
    }

    /// <summary>Starts a tool and leaves it running (storescp as the PACS); its output is drained so it never blocks.</summary>
    public static Process Start(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(Locate(tool))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        return Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
    }

    private static string Locate(string tool)
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, tool);
            if (File.Exists(candidate))
                return candidate;
        }
        Assert.Fail($"dcmtk's '{tool}' is not installed. These tests need Debian's dcmtk (apt-get install dcmtk; .ci/run installs it).");
        return tool;
    }
}
