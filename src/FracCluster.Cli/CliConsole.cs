using Spectre.Console;

namespace FracCluster.Cli;

/// <summary>Consoles for command output: results on stdout, errors and notes on stderr so piped output stays parseable.</summary>
public static class CliConsole
{
    public static IAnsiConsole Error { get; } = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });

    public static void WriteError(string message) => Error.MarkupLineInterpolated($"[red]error:[/] {message}");

    public static void WriteNote(string message) => Error.MarkupLineInterpolated($"[grey]{message}[/]");
}
