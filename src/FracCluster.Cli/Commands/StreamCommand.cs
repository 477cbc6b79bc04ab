using FracCluster.Cli.Prediction;
using FracCluster.Cli.Streaming;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FracCluster.Cli.Commands;

/// <summary>
/// `frac stream`: the scanner simulator. Sends a folder of images as K scanners at R images/s, shows progress, and
/// ends with sent / results / rejected / expired / lost / duplicates, throughput and latency percentiles.
/// Exit codes: 0 nothing lost or duplicated; 1 scans lost or duplicated; 2 usage error or cluster unreachable.
/// </summary>
public sealed class StreamCommand : AsyncCommand<StreamSettings>
{
    public const int UsageError = 2;
    public const int LostOrDuplicated = 1;

    public override async Task<int> ExecuteAsync(CommandContext context, StreamSettings settings, CancellationToken cancellationToken)
    {
        var files = ImageFileSource.Expand([settings.Folder], out var missing);
        if (missing.Count > 0 || files.Count == 0)
            return Fail($"No images found in '{settings.Folder}'.");
        var images = new List<byte[]>(files.Count);
        foreach (var file in files)
            images.Add(await File.ReadAllBytesAsync(file, cancellationToken));

        IScanTransport transport;
        try
        {
            transport = settings.Orleans
                ? await OrleansScanTransport.ConnectAsync(settings.Gateways(), settings.ClusterId, settings.ServiceId, cancellationToken)
                : new HttpScanTransport(new Uri(settings.Api), ResolveApiKey(settings));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Fail($"Cannot connect to the cluster: {ex.Message}");
        }

        await using (transport)
        {
            var options = new ScannerSimulatorOptions
            {
                Scanners = settings.Scanners,
                Rate = settings.Rate,
                Count = settings.Count ?? images.Count,
                ResultTimeout = TimeSpan.FromSeconds(settings.WaitSeconds),
                Priority = settings.Priority == "urgent" ? Contracts.ScanPriority.Urgent : Contracts.ScanPriority.Routine,
                DeadlineMilliseconds = settings.DeadlineMs,
            };
            var simulator = new ScannerSimulator(transport, options, TimeProvider.System);
            simulator.Warning += message => AnsiConsole.MarkupLineInterpolated($"[yellow]{message}[/]");
            AnsiConsole.MarkupLineInterpolated($"Sending {options.Count} scans ({images.Count} images) as {options.Scanners} scanners at {options.Rate:0.##}/s via {(settings.Orleans ? "Orleans client " + settings.Gateway : settings.Api)}");

            StreamSummary? summary = null;
            try
            {
                await AnsiConsole.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                    .StartAsync(async progress =>
                    {
                        var sent = progress.AddTask("accepted", maxValue: options.Count);
                        var done = progress.AddTask("results", maxValue: options.Count);
                        var run = simulator.RunAsync(images, cancellationToken);
                        while (!run.IsCompleted)
                        {
                            sent.Value = simulator.Accepted;
                            done.Value = simulator.ResultCount;
                            await Task.WhenAny(run, Task.Delay(250, cancellationToken));
                        }
                        summary = await run;
                        sent.Value = summary.Sent;
                        done.Value = summary.Results;
                    });
            }
            catch (Exception ex) when (ex is HttpRequestException or TimeoutException)
            {
                return Fail($"The cluster stopped answering: {ex.Message}");
            }

            AnsiConsole.Write(StreamSummaryTable.Build(summary!));
            return summary!.Clean ? 0 : LostOrDuplicated;
        }
    }

    private static string? ResolveApiKey(StreamSettings settings)
    {
        if (settings.ApiKey is { Length: > 0 } key)
            return key;
        if (Environment.GetEnvironmentVariable("FRAC_API_KEY") is { Length: > 0 } env)
            return env;
        return File.Exists(settings.ApiKeyFile) ? File.ReadAllText(settings.ApiKeyFile).Trim() : null;
    }

    private static int Fail(string message)
    {
        AnsiConsole.MarkupLineInterpolated($"[red]{message}[/]");
        return UsageError;
    }
}
