using System.Text.Json;
using FracCluster.Contracts.Training;
using FracCluster.Ml.Reporting;
using FracCluster.Ml.Training;
using FracCluster.Storage;

namespace FracCluster.Grains.Training;

/// <summary>
/// report.md, metrics.jsonl, plots and TensorBoard events of a finished run, made by the training core's
/// <see cref="RunReporter"/> in a temp folder from the durable history, then uploaded under the run's prefix: the same
/// files however often the coordinator moved.
/// </summary>
public static class RunReportWriter
{
    public static async Task WriteAsync(IBlobStore blobs, string prefix, RunDescription run, TrainingResult result, IReadOnlyList<BadEntry> badEntries, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Path.GetTempPath(), "fraccluster-training", "report-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            var reporter = new RunReporter(folder, run);
            for (var i = 0; i < result.History.Count; i++)
                reporter.OnEpochCompleted(result.History[i], result.History.Take(i + 1).ToList());
            reporter.OnCompleted(result);
            await File.WriteAllBytesAsync(Path.Combine(folder, "bad-entries.json"), JsonSerializer.SerializeToUtf8Bytes(badEntries), cancellationToken);
            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            {
                if (file.EndsWith(".tmp", StringComparison.Ordinal))
                    continue;
                var relative = Path.GetRelativePath(folder, file).Replace('\\', '/');
                await blobs.PutAsync(BlobKeys.Combine(prefix, relative), await File.ReadAllBytesAsync(file, cancellationToken), cancellationToken);
            }
        }
        finally
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }
}
