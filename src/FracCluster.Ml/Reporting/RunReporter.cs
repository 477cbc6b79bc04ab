using FracCluster.Ml.Training;
using TorchSharp;

namespace FracCluster.Ml.Reporting;

/// <summary>
/// Writes a run folder as training goes: metrics.jsonl and TensorBoard scalars after every epoch, then the plots and
/// report.md when the best model has been tested. Pass it to <see cref="Trainer.RunAsync"/> as the observer (or chain it).
/// </summary>
public sealed class RunReporter : ITrainingObserver
{
    private readonly string _folder;
    private readonly RunDescription _run;
    private readonly ITrainingObserver? _next;
    private readonly Lazy<TorchSharp.Modules.SummaryWriter> _tensorBoard;

    public RunReporter(string folder, RunDescription run, ITrainingObserver? next = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        _folder = Path.GetFullPath(folder);
        _run = run;
        _next = next;
        Directory.CreateDirectory(_folder);
        _tensorBoard = new Lazy<TorchSharp.Modules.SummaryWriter>(() => torch.utils.tensorboard.SummaryWriter(Path.Combine(_folder, "tensorboard")));
    }

    public string MetricsPath => Path.Combine(_folder, "metrics.jsonl");

    public string ReportPath => Path.Combine(_folder, "report.md");

    public void OnProgress(ProgressTick tick) => _next?.OnProgress(tick);

    public void OnEpochCompleted(EpochRecord record, IReadOnlyList<EpochRecord> history)
    {
        // Rewritten whole from the history so a resumed run's file has every epoch exactly once.
        WriteAtomically(MetricsPath, string.Join('\n', history.Select(MetricsJson.Epoch)) + "\n");
        var tb = _tensorBoard.Value;
        tb.add_scalar("loss/train", (float)record.TrainLoss, record.Epoch);
        tb.add_scalar("loss/validation", (float)record.ValidationLoss, record.Epoch);
        tb.add_scalar("validation/accuracy", (float)record.Validation.Accuracy, record.Epoch);
        tb.add_scalar("validation/sensitivity", (float)record.Validation.Sensitivity, record.Epoch);
        tb.add_scalar("validation/specificity", (float)record.Validation.Specificity, record.Epoch);
        tb.add_scalar("validation/precision", (float)record.Validation.Precision, record.Epoch);
        tb.add_scalar("validation/f1", (float)record.Validation.F1, record.Epoch);
        tb.add_scalar("validation/roc_auc", (float)record.Validation.RocAuc, record.Epoch);
        _next?.OnEpochCompleted(record, history);
    }

    public void OnCompleted(TrainingResult result)
    {
        WriteAtomically(MetricsPath, string.Join('\n', result.History.Select(MetricsJson.Epoch).Append(MetricsJson.Test(result))) + "\n");
        var tb = _tensorBoard.Value;
        tb.add_scalar("test/accuracy", (float)result.Test.Metrics.Accuracy, result.BestEpoch);
        tb.add_scalar("test/sensitivity", (float)result.Test.Metrics.Sensitivity, result.BestEpoch);
        tb.add_scalar("test/specificity", (float)result.Test.Metrics.Specificity, result.BestEpoch);
        tb.add_scalar("test/roc_auc", (float)result.Test.Metrics.RocAuc, result.BestEpoch);
        RunPlots.Loss(result.History, result.BestEpoch, Path.Combine(_folder, ReportMarkdown.LossPng));
        RunPlots.Accuracy(result.History, result.BestEpoch, Path.Combine(_folder, ReportMarkdown.AccuracyPng));
        RunPlots.Roc(result.Test, result.OperatingPoints, Path.Combine(_folder, ReportMarkdown.RocPng));
        RunPlots.Confusion(result.Test.Metrics.Confusion, _run.PositiveName, _run.NegativeName, "Confusion matrix, test split (threshold 0.5)", Path.Combine(_folder, ReportMarkdown.ConfusionPng));
        WriteAtomically(ReportPath, ReportMarkdown.ForRun(_run, result));
        _next?.OnCompleted(result);
    }

    internal static void WriteAtomically(string path, string text)
    {
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, text);
        File.Move(tmp, path, overwrite: true);
    }
}
