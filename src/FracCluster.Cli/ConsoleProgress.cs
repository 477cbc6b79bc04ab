using FracCluster.Ml.Training;
using Spectre.Console;

namespace FracCluster.Cli;

/// <summary>
/// Progress bars with ETA for feature extraction, image checks, epochs and scoring when the console is interactive;
/// one plain line per epoch when output is redirected (logs, CI), so files stay readable.
/// </summary>
public sealed class ConsoleProgress : ITrainingObserver
{
    private readonly int _epochs;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ProgressTask> _tasks = new(StringComparer.Ordinal);
    private ProgressContext? _context;
    private ProgressTask? _epochTask;

    public ConsoleProgress(int epochs) => _epochs = epochs;

    public static bool Interactive => AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>Runs <paramref name="work"/> under live progress bars when interactive, plainly otherwise.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> work)
    {
        if (!Interactive)
            return await work();
        T result = default!;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async ctx =>
            {
                _context = ctx;
                result = await work();
            });
        return result;
    }

    public void OnProgress(ProgressTick tick)
    {
        if (_context is null)
            return;
        lock (_gate)
        {
            // One bar per stage (each epoch its own, finished ones hidden) plus a run-level "epochs" bar carrying the run's ETA.
            if (tick.Stage.StartsWith("epoch ", StringComparison.Ordinal))
                _epochTask ??= _context.AddTask("epochs", maxValue: _epochs);
            if (!_tasks.TryGetValue(tick.Stage, out var task))
            {
                task = _context.AddTask(Markup.Escape(tick.Stage), maxValue: Math.Max(1, tick.Total));
                _tasks[tick.Stage] = task;
            }
            task.MaxValue = Math.Max(1, tick.Total);
            task.Value = tick.Done;
        }
    }

    public void OnEpochCompleted(EpochRecord record, IReadOnlyList<EpochRecord> history)
    {
        if (_context is not null)
        {
            lock (_gate)
            {
                _epochTask ??= _context.AddTask("epochs", maxValue: _epochs);
                _epochTask.Value = record.Epoch;
            }
            return;
        }
        var m = record.Validation;
        Console.WriteLine(FormattableString.Invariant(
            $"epoch {record.Epoch}/{_epochs}: train loss {record.TrainLoss:0.0000}, val loss {record.ValidationLoss:0.0000}, val acc {m.Accuracy:0.0000}, val AUC {m.RocAuc:0.0000}, {record.Seconds:0.0} s{(record.IsBest ? " (best)" : "")}"));
    }
}
