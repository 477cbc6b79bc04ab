using System.Runtime.CompilerServices;
using FracCluster.Imaging;
using FracCluster.Ml.Inference;

namespace FracCluster.Cli.Prediction;

/// <summary>
/// Classifies files in batches through an <see cref="IBatchClassifier"/>, in file order. A file that cannot be read or
/// decoded gets its own row and never stops the others. The next batch is read from disk while one is classified.
/// </summary>
public sealed class FilePredictor
{
    private readonly IBatchClassifier _classifier;
    private readonly ImageLimits _limits;
    private readonly int _batchSize;
    private readonly HeatmapWriter? _heatmaps;

    /// <param name="heatmaps">When given, each image is explained too and its overlay written (the rows name it).</param>
    public FilePredictor(IBatchClassifier classifier, ImageLimits limits, int batchSize = 16, HeatmapWriter? heatmaps = null)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _classifier = classifier;
        _limits = limits;
        _batchSize = batchSize;
        _heatmaps = heatmaps;
    }

    public async IAsyncEnumerable<PredictionRow> PredictAsync(IReadOnlyList<string> files, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count == 0)
            yield break;
        var reading = ReadChunkAsync(files, 0, cancellationToken);
        for (var start = 0; start < files.Count; start += _batchSize)
        {
            var chunk = await reading;
            if (start + _batchSize < files.Count)
                reading = ReadChunkAsync(files, start + _batchSize, cancellationToken);
            foreach (var row in await ClassifyChunkAsync(chunk, cancellationToken))
                yield return row;
        }
    }

    private async Task<FileRead[]> ReadChunkAsync(IReadOnlyList<string> files, int start, CancellationToken cancellationToken)
    {
        var count = Math.Min(_batchSize, files.Count - start);
        var reads = new Task<FileRead>[count];
        for (var i = 0; i < count; i++)
            reads[i] = ReadAsync(files[start + i], cancellationToken);
        return await Task.WhenAll(reads);
    }

    private async Task<FileRead> ReadAsync(string file, CancellationToken cancellationToken)
    {
        try
        {
            // Checked before reading so a huge file is refused without being loaded into memory.
            var length = new FileInfo(file).Length;
            if (length > _limits.MaxBytes)
            {
                return new FileRead(file, null, new PredictionRow
                {
                    File = file,
                    Status = PredictionStatus.Rejected,
                    Reason = nameof(ImageRejectionReason.TooLarge),
                    Message = $"The file is {length:N0} bytes, over the limit of {_limits.MaxBytes:N0} bytes.",
                });
            }
            return new FileRead(file, await File.ReadAllBytesAsync(file, cancellationToken), null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new FileRead(file, null, new PredictionRow
            {
                File = file,
                Status = PredictionStatus.Unreadable,
                Reason = ex.GetType().Name,
                Message = ex.Message,
            });
        }
    }

    private async Task<PredictionRow[]> ClassifyChunkAsync(FileRead[] chunk, CancellationToken cancellationToken)
    {
        var readable = chunk.Where(r => r.Bytes is not null).ToArray();
        if (_heatmaps is not null)
            return await ExplainChunkAsync(chunk, readable, cancellationToken);
        var results = readable.Length == 0
            ? []
            : await _classifier.ClassifyAsync(readable.Select(r => (ReadOnlyMemory<byte>)r.Bytes).ToArray(), cancellationToken);
        var rows = new PredictionRow[chunk.Length];
        var next = 0;
        for (var i = 0; i < chunk.Length; i++)
            rows[i] = chunk[i].Failure ?? ToRow(chunk[i].File, results[next++]);
        return rows;
    }

    private async Task<PredictionRow[]> ExplainChunkAsync(FileRead[] chunk, FileRead[] readable, CancellationToken cancellationToken)
    {
        var explained = readable.Length == 0
            ? []
            : await _heatmaps!.ExplainAsync([.. readable.Select(r => (r.File, r.Bytes!))], cancellationToken);
        var rows = new PredictionRow[chunk.Length];
        var next = 0;
        for (var i = 0; i < chunk.Length; i++)
        {
            if (chunk[i].Failure is { } failure)
            {
                rows[i] = failure;
                continue;
            }
            var file = explained[next++];
            var row = ToRow(chunk[i].File, file.Result.Classification);
            rows[i] = file.Result.SourceBox is { } box
                ? row with { Heatmap = file.OverlayPath, Box = new BoxRow(box.X, box.Y, box.Width, box.Height) }
                : row with { Heatmap = file.OverlayPath };
        }
        return rows;
    }

    private static PredictionRow ToRow(string file, ImageClassification result) => result.Rejected
        ? new PredictionRow
        {
            File = file,
            Status = PredictionStatus.Rejected,
            Reason = result.RejectionReason,
            Message = result.RejectionMessage,
            Milliseconds = result.DecodeMilliseconds,
        }
        : new PredictionRow
        {
            File = file,
            Status = PredictionStatus.Ok,
            ProbabilityFractured = result.ProbabilityFractured,
            Label = result.Label,
            Milliseconds = result.DecodeMilliseconds + (result.ComputeMilliseconds / Math.Max(1, result.ForwardBatchSize)),
            ModelVersion = result.ModelVersion,
        };

    private sealed record FileRead(string File, byte[]? Bytes, PredictionRow? Failure);
}
