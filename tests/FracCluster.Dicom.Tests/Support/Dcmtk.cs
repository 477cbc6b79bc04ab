using System.Diagnostics;
using Xunit;

namespace FracCluster.Dicom.Tests.Support;

/// <summary>
/// Runs dcmtk's command-line tools, the DICOM peer nobody here wrote. A missing tool fails the test with a message
/// saying how to get it (CI installs Debian's dcmtk in .ci/run); it never passes silently.
/// </summary>
internal static class Dcmtk
{
    public static string Run(string tool, params string[] arguments)
    {
        var (exitCode, output, errors) = TryRun(tool, arguments);
        Assert.True(exitCode == 0, $"{tool} {string.Join(' ', arguments)} exited with {exitCode}:\n{output}\n{errors}");
        return output + errors;
    }

    public static (int ExitCode, string Output, string Errors) TryRun(string tool, params string[] arguments)
    {
        var path = Locate(tool);
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill();
            Assert.Fail($"{tool} {string.Join(' ', arguments)} did not finish within 60 s.");
        }

        return (process.ExitCode, output.Result, errors.Result);
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
