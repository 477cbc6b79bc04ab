using System.Diagnostics;

namespace FracCluster.Cli.Benchmarks;

/// <summary>
/// Times several in-process engines on the same batch by alternating passes: trial i runs one pass of every engine,
/// starting with a different one each trial, so drift in the machine's load (other processes, heat) lands on all
/// engines alike instead of on whichever ran last. Engines never run at once.
/// </summary>
public static class AlternatingForwardBenchmark
{
    public static IReadOnlyList<ForwardBenchmarkResult> Run(IReadOnlyList<IForwardRunner> runners, BenchmarkInput input, int warmUp, int iterations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runners);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        for (var i = 0; i < warmUp; i++)
        {
            foreach (var runner in runners)
            {
                cancellationToken.ThrowIfCancellationRequested();
                runner.Forward();
            }
        }
        var times = runners.Select(_ => new double[iterations]).ToArray();
        for (var i = 0; i < iterations; i++)
        {
            for (var k = 0; k < runners.Count; k++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var index = (i + k) % runners.Count;
                var started = Stopwatch.GetTimestamp();
                runners[index].Forward();
                times[index][i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }
        return [.. runners.Select((r, k) => new ForwardBenchmarkResult
        {
            Engine = r.Engine,
            Version = r.Version,
            Threads = r.Threads,
            Batch = input.Batch,
            Size = input.Size,
            BatchMilliseconds = times[k],
        })];
    }
}
