using FracCluster.Cli.ClusterTraining;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FracCluster.Cli.Commands;

/// <summary><c>frac runs get ID --out DIR</c>: the run's record and artifacts from the cluster's blob store.</summary>
public sealed class RunsGetCommand : AsyncCommand<RunsGetSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, RunsGetSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            using var api = new TrainingApiClient(settings.Api, settings.ApiKey);
            var status = await api.GetAsync(settings.Id, cancellationToken);
            var count = await ArtifactDownloader.DownloadAsync(api, settings.Id, settings.Out, cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(settings.Out, "run.json"), System.Text.Json.JsonSerializer.Serialize(status, TrainingApiClient.Json), cancellationToken);
            ClusterTrainingRunner.PrintSummary(status);
            AnsiConsole.MarkupLineInterpolated($"{count} artifacts and run.json written to {Path.GetFullPath(settings.Out)}");
            return 0;
        }
        catch (Exception ex) when (ex is TrainingApiException or HttpRequestException)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {ex.Message}");
            return 1;
        }
    }
}
