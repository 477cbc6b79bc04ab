using Microsoft.Extensions.Logging;

namespace FracCluster.Cli;

/// <summary>Console logging for commands: to stderr, so stdout stays clean for tables and JSON lines.</summary>
public static class CliLogging
{
    public static ILoggerFactory Create(bool verbose) => LoggerFactory.Create(builder => builder
        .SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Warning)
        .AddSimpleConsole(o => o.SingleLine = true)
        .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
}
