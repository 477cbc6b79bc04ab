using FracCluster.Storage;

namespace FracCluster.Grains.Training;

/// <summary>Blob keys of a run: everything lives under <c>runs/{id}/</c>.</summary>
public static class RunKeys
{
    public static string Root(string runId) => BlobKeys.Combine("runs", runId);

    public static string Manifest(string runId) => BlobKeys.Combine(Root(runId), Ml.Data.SplitManifest.JsonFileName);

    public static string Shard(string runId, int index) => BlobKeys.Combine(Root(runId), "features", FormattableString.Invariant($"shard-{index:00000}.fcfs"));

    /// <summary>Written before the shard itself: the shard blob is the commit point.</summary>
    public static string ShardSkipped(string shardKey) => shardKey + ".skipped.json";

    /// <summary>The best checkpoint: <c>{key}.safetensors</c> + <c>{key}.json</c>, loadable by the model grains.</summary>
    public static string BestCheckpoint(string runId) => BlobKeys.Combine(Root(runId), "best");

    /// <summary>Fine-tune: weights and optimizer state after an epoch (model.dat, optimizer.dat).</summary>
    public static string FineTuneEpoch(string runId, int epoch) => BlobKeys.Combine(Root(runId), "finetune", FormattableString.Invariant($"epoch-{epoch:0000}"));

    /// <summary>Fine-tune: the epochs' full records (metrics objects), for the report.</summary>
    public static string FineTuneHistory(string runId) => BlobKeys.Combine(Root(runId), "finetune", "history.json");

    /// <summary>Fine-tune: gradients too large for a grain call, one folder per step; deleted once every replica applied the step.</summary>
    public static string FineTuneGradients(string runId) => BlobKeys.Combine(Root(runId), "finetune", "gradients");

    /// <summary>Fine-tune: one micro-batch's summed gradient (float32, parameter order).</summary>
    public static string FineTuneGradient(string runId, int epoch, int step, int microBatch) =>
        BlobKeys.Combine(FineTuneStep(runId, epoch, step), FormattableString.Invariant($"mb-{microBatch:0000}.f32"));

    /// <summary>Fine-tune: a step's averaged gradient, the update every replica applies.</summary>
    public static string FineTuneAverage(string runId, int epoch, int step) => BlobKeys.Combine(FineTuneStep(runId, epoch, step), "average.f32");

    public static string FineTuneStep(string runId, int epoch, int step) =>
        BlobKeys.Combine(FineTuneGradients(runId), FormattableString.Invariant($"epoch-{epoch:0000}-step-{step:000000}"));

    /// <summary>report.md, metrics.jsonl, plots and TensorBoard events.</summary>
    public static string Artifacts(string runId) => Root(runId);
}
