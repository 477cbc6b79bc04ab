using FracCluster.Ml.Data;
using FracCluster.Storage;
using Spectre.Console;

namespace FracCluster.Cli;

/// <summary>Opening a dataset SOURCE and getting its split manifest, shared by train and evaluate.</summary>
public static class CliData
{
    public static Task<BlobDatasetSource> OpenAsync(string source, string? classes, CancellationToken cancellationToken)
    {
        var location = DatasetLocation.Parse(source);
        return DatasetSourceFactory.OpenAsync(source, new DatasetSourceOptions
        {
            ClassOrder = classes?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
            BlobStore = location.Kind == DatasetLocationKind.Blob ? BlobStoreFactory.Create(CliBlobStore.OptionsFromEnvironment()) : null,
            Azure = location.Kind == DatasetLocationKind.Azure ? CliBlobStore.AzureOptions(null) : null,
        }, cancellationToken);
    }

    /// <summary>Hashes every image of the source (SHA-256), with a progress bar when interactive.</summary>
    public static async Task<IReadOnlyList<HashedEntry>> HashAsync(BlobDatasetSource source, CancellationToken cancellationToken)
    {
        if (!ConsoleProgress.Interactive)
            return await DatasetHashing.HashAsync(source, null, Environment.ProcessorCount, null, cancellationToken);
        IReadOnlyList<HashedEntry> hashed = [];
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask("hashing images", maxValue: source.Entries.Count);
                hashed = await DatasetHashing.HashAsync(source, null, Environment.ProcessorCount, new Progress<int>(done => task.Value = done), cancellationToken);
                task.Value = task.MaxValue;
            });
        return hashed;
    }

    /// <summary>
    /// The manifest to use: the one given, else the run folder's own (a resumed run keeps its split), else a new seeded
    /// stratified split of the source. Checked for leaks and against the source's current contents.
    /// </summary>
    public static async Task<SplitManifest> ManifestAsync(BlobDatasetSource source, string? manifestPath, string? runFolder, int seed, SplitRatios ratios, CancellationToken cancellationToken)
    {
        var hashed = await HashAsync(source, cancellationToken);
        var existing = manifestPath ?? (runFolder is null ? null : Path.Combine(runFolder, SplitManifest.JsonFileName));
        SplitManifest manifest;
        if (existing is not null && (manifestPath is not null || File.Exists(existing)))
        {
            manifest = await SplitManifest.LoadFileAsync(existing, cancellationToken);
            manifest.EnsureMatches(hashed);
        }
        else
        {
            manifest = SplitManifest.Create(hashed, source.ClassNames, seed, ratios);
        }
        manifest.EnsureNoLeak();
        return manifest;
    }
}
