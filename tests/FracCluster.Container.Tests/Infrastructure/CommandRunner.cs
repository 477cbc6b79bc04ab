using System.Diagnostics;
using System.Text;

namespace FracCluster.Container.Tests.Infrastructure;

/// <summary>What a finished command printed, and how it ended.</summary>
public sealed record CommandResult(string Command, int ExitCode, string Output)
{
    public bool Succeeded => ExitCode == 0;

    public CommandResult EnsureSuccess() => Succeeded
        ? this
        : throw new InvalidOperationException($"'{Command}' exited with {ExitCode}:\n{Tail(Output, 4000)}");

    public static string Tail(string text, int characters) => text.Length <= characters ? text : "…" + text[^characters..];
}

/// <summary>Runs a command with a time limit: a command that outlives it is killed (its whole tree) and reported, never waited on.</summary>
public static class CommandRunner
{
    public static async Task<CommandResult> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepositoryPaths.Root,
        };
        foreach (var argument in arguments)
            psi.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            psi.Environment[key] = value;
        var command = fileName + " " + string.Join(' ', psi.ArgumentList.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"'{a}'" : a));

        var output = new StringBuilder();
        using var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        if (!process.Start())
            throw new InvalidOperationException($"Could not start '{command}'.");
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"'{command}' did not finish within {timeout.TotalSeconds:F0} s:\n{CommandResult.Tail(Text(output), 4000)}");
        }
        // The asynchronous readers may still hold the last lines: WaitForExit() without a timeout drains them.
        process.WaitForExit();
        return new CommandResult(command, process.ExitCode, Text(output));
    }

    public static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
            return;
        lock (output)
        {
            if (output.Length < 2 * 1024 * 1024)
                output.AppendLine(line);
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
            return output.ToString();
    }
}
