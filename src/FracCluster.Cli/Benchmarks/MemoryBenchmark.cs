using System.Diagnostics;
using FracCluster.Ml.Inference;

namespace FracCluster.Cli.Benchmarks;

/// <summary>
/// Pushes many images through an engine and samples resident memory, managed heap and the tensors alive on the
/// engine's device thread every few batches. With every tensor disposed per batch, the tensor count stays exactly the
/// same and RSS levels off after the first batches (allocator caches), instead of climbing with the image count.
/// </summary>
public static class MemoryBenchmark
{
    public static async Task<IReadOnlyList<MemorySample>> RunAsync(
        InferenceEngine engine,
        IReadOnlyList<byte[]> pool,
        long totalImages,
        int batchSize,
        int sampleEvery,
        Action<MemorySample>? onSample,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentOutOfRangeException.ThrowIfZero(pool.Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleEvery, 1);

        var samples = new List<MemorySample>();
        var batch = new ReadOnlyMemory<byte>[batchSize];
        long done = 0;
        var batches = 0;
        var sinceSample = Stopwatch.GetTimestamp();
        long imagesSinceSample = 0;
        while (done < totalImages)
        {
            var n = (int)Math.Min(batchSize, totalImages - done);
            for (var i = 0; i < n; i++)
                batch[i] = pool[(int)((done + i) % pool.Count)];
            await engine.ClassifyAsync(n == batchSize ? batch : batch[..n], cancellationToken);
            done += n;
            batches++;
            imagesSinceSample += n;
            if (batches % sampleEvery == 0 || done == totalImages)
            {
                var seconds = Stopwatch.GetElapsedTime(sinceSample).TotalSeconds;
                var sample = new MemorySample(
                    batches,
                    done,
                    Environment.WorkingSet / 1048576.0,
                    GC.GetTotalMemory(forceFullCollection: false) / 1048576.0,
                    await engine.CountLiveTensorsAsync(cancellationToken),
                    imagesSinceSample / Math.Max(seconds, 1e-9));
                samples.Add(sample);
                onSample?.Invoke(sample);
                sinceSample = Stopwatch.GetTimestamp();
                imagesSinceSample = 0;
            }
        }
        return samples;
    }
}
