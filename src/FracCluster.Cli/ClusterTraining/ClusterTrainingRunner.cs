using System.Globalization;
using FracCluster.Cli.Commands;
using FracCluster.Contracts.Training;
using Spectre.Console;

namespace FracCluster.Cli.ClusterTraining;

/// <summary>
/// <c>frac train --cluster URL</c>: starts a run through the API and follows it (phase, shards, epochs, ETA) until it
/// ends; Ctrl-C stops following, the run goes on (cancel it with the API). With --out the artifacts are fetched at the end.
/// </summary>
public static class ClusterTrainingRunner
{
    public static async Task<int> RunAsync(TrainSettings settings, CancellationToken cancellationToken)
    {
        using var api = new TrainingApiClient(settings.Cluster!, settings.ApiKey);
        var request = new TrainingRunRequest
        {
            Dataset = settings.Data,
            Weights = settings.Weights,
            Mode = settings.ParsedMode == Ml.Training.TrainingMode.FineTune ? TrainingModes.FineTune : TrainingModes.LinearProbe,
            Epochs = settings.Epochs,
            BatchSize = settings.Batch,
            LearningRate = settings.LearningRate,
            Seed = settings.Seed,
            Publish = settings.Publish,
            ImageSize = settings.ImageSize,
            ShardSize = settings.ShardSize,
            Name = string.IsNullOrWhiteSpace(settings.Out) ? null : Path.GetFileName(Path.GetFullPath(settings.Out)),
        };
        var status = await api.StartAsync(request, cancellationToken);
        AnsiConsole.MarkupLineInterpolated($"run [bold]{status.RunId}[/] started on {settings.Cluster} (follow: GET /v1/training/{status.RunId})");
        try
        {
            status = await FollowAsync(api, status, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            AnsiConsole.MarkupLineInterpolated($"[yellow]Stopped following.[/] The run goes on in the cluster; cancel it with POST /v1/training/{status.RunId}/cancel.");
            return 130;
        }

        PrintSummary(status);
        if (!string.IsNullOrWhiteSpace(settings.Out) && status.Phase == TrainingPhase.Completed)
        {
            var count = await ArtifactDownloader.DownloadAsync(api, status.RunId, settings.Out, cancellationToken);
            AnsiConsole.MarkupLineInterpolated($"{count} artifacts copied to {Path.GetFullPath(settings.Out)} (report.md, metrics.jsonl, plots, TensorBoard, best checkpoint)");
        }
        return status.Phase == TrainingPhase.Completed ? 0 : 1;
    }

    private static async Task<TrainingRunStatus> FollowAsync(TrainingApiClient api, TrainingRunStatus status, CancellationToken cancellationToken)
    {
        if (!ConsoleProgress.Interactive)
        {
            var last = "";
            while (!status.IsFinal)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                status = await GetWithRetryAsync(api, status, cancellationToken);
                var line = Describe(status);
                if (line != last)
                    Console.WriteLine(line);
                last = line;
            }
            return status;
        }
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async ctx =>
            {
                var shards = ctx.AddTask("features", maxValue: 1);
                var epochs = ctx.AddTask("epochs", maxValue: status.Request.Epochs);
                while (!status.IsFinal)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                    status = await GetWithRetryAsync(api, status, cancellationToken);
                    shards.MaxValue = Math.Max(1, status.ShardsTotal);
                    shards.Value = status.ShardsDone;
                    shards.Description = $"features ({status.ShardsDone}/{status.ShardsTotal} shards on {status.SiloShares.Count} silos)";
                    epochs.Value = status.Epoch;
                    epochs.Description = status.History.Count > 0
                        ? $"epochs (val acc {status.History[^1].ValidationAccuracy:0.000}, best {status.BestEpoch}; {status.Phase})"
                        : $"epochs ({status.Phase})";
                }
                shards.Value = shards.MaxValue;
            });
        return status;
    }

    /// <summary>
    /// While a silo dies the API may answer 5xx (the coordinator is being moved) or the silo we talk to may be the one
    /// that went: keep the last status and try again for up to two minutes.
    /// </summary>
    private static async Task<TrainingRunStatus> GetWithRetryAsync(TrainingApiClient api, TrainingRunStatus last, CancellationToken cancellationToken)
    {
        var started = DateTime.UtcNow;
        while (true)
        {
            try
            {
                return await api.GetAsync(last.RunId, cancellationToken);
            }
            catch (Exception ex) when ((ex is TrainingApiException { IsTransient: true } or HttpRequestException) && DateTime.UtcNow - started < TimeSpan.FromMinutes(2))
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }

    private static string Describe(TrainingRunStatus s) =>
        string.Create(CultureInfo.InvariantCulture, $"{s.Phase}: shards {s.ShardsDone}/{s.ShardsTotal}, epoch {s.Epoch}/{s.Request.Epochs}{(s.History.Count > 0 ? $", val acc {s.History[^1].ValidationAccuracy:0.000}" : "")}{(s.Eta is { } eta ? $", ETA {eta:hh\\:mm\\:ss}" : "")}, coordinator on {s.CoordinatorSilo}{(s.Resumes > 0 ? $" (resumed {s.Resumes}×)" : "")}");

    public static void PrintSummary(TrainingRunStatus s)
    {
        AnsiConsole.MarkupLineInterpolated($"run {s.RunId}: [bold]{s.Phase}[/]{(s.Error is null ? "" : $" — {s.Error}")}");
        var shares = new Table().Title("Feature shards per silo").AddColumns("silo", "shards", "images");
        foreach (var share in s.SiloShares)
            shares.AddRow(share.Silo, share.Shards.ToString(CultureInfo.InvariantCulture), share.Images.ToString(CultureInfo.InvariantCulture));
        AnsiConsole.Write(shares);
        if (s.TestMetrics.Count > 0)
        {
            var table = new Table().Title($"Best model (epoch {s.BestEpoch}) on test").AddColumns("metric", "value");
            foreach (var (name, value) in s.TestMetrics.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                table.AddRow(name, double.IsNaN(value) ? "n/a" : value.ToString("0.0000", CultureInfo.InvariantCulture));
            AnsiConsole.Write(table);
        }
        if (s.BadEntries.Count > 0)
            AnsiConsole.MarkupLineInterpolated($"[yellow]{s.BadEntries.Count} unusable image(s)[/], e.g. {s.BadEntries[0].Path}: {s.BadEntries[0].Reason}");
        AnsiConsole.MarkupLineInterpolated($"shards reassigned: {s.ShardsReassigned}; coordinator resumed {s.Resumes}×; published: {(s.Published ? "yes" : "no")}; artifacts: {s.ArtifactsPrefix}/ (frac runs get {s.RunId} --out DIR)");
    }
}
