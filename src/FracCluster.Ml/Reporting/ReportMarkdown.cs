using System.Globalization;
using System.Text;
using FracCluster.Ml.Metrics;
using FracCluster.Ml.Training;

namespace FracCluster.Ml.Reporting;

/// <summary>report.md of a run (or of an evaluation): a short table of metrics and thresholds linking the figures.</summary>
public static class ReportMarkdown
{
    public const string LossPng = "loss.png";
    public const string AccuracyPng = "accuracy.png";
    public const string RocPng = "roc.png";
    public const string ConfusionPng = "confusion.png";
    private const int MaxSkippedListed = 50;

    public static string ForRun(RunDescription run, TrainingResult result)
    {
        var sb = new StringBuilder();
        sb.AppendLine(Inv($"# Training run {run.Name}"));
        sb.AppendLine();
        sb.AppendLine(Inv($"- Data: {run.Data}"));
        sb.AppendLine(Inv($"- Model: {run.Model}"));
        sb.AppendLine(Inv($"- Classes (output order): {string.Join(", ", run.ClassNames)}; positive: **{run.PositiveName}**"));
        if (run.Settings.Count > 0)
            sb.AppendLine("- Settings: " + string.Join(", ", run.Settings.Select(kv => $"{kv.Key} = {kv.Value}")));
        var best = result.History[result.BestEpoch - 1];
        sb.AppendLine(Inv($"- Best epoch: **{result.BestEpoch}** of {result.History.Count} (validation accuracy {best.Validation.Accuracy:0.0000}, ROC-AUC {best.Validation.RocAuc:0.0000})"));
        sb.AppendLine(Inv($"- Images: {result.Test.Predictions.Count} in test; {result.Skipped.Count} skipped as unusable"));
        sb.AppendLine();
        sb.AppendLine("## Test split, best model");
        sb.AppendLine();
        AppendMetricsTable(sb, [("validation", result.Validation), ("test", result.Test)]);
        sb.AppendLine();
        AppendThresholds(sb, result.OperatingPoints);
        sb.AppendLine("## Figures");
        sb.AppendLine();
        sb.AppendLine(Inv($"![Loss curves]({LossPng})"));
        sb.AppendLine();
        sb.AppendLine(Inv($"![Validation metrics]({AccuracyPng})"));
        sb.AppendLine();
        sb.AppendLine(Inv($"![ROC curve]({RocPng})"));
        sb.AppendLine();
        sb.AppendLine(Inv($"![Confusion matrix]({ConfusionPng})"));
        sb.AppendLine();
        sb.AppendLine("Per-epoch numbers: [metrics.jsonl](metrics.jsonl). TensorBoard: `tensorboard --logdir tensorboard`.");
        AppendSkipped(sb, result.Skipped);
        return sb.ToString();
    }

    public static string ForEvaluation(string title, string model, string data, EvaluationReport report, double targetSensitivity)
    {
        var sb = new StringBuilder();
        sb.AppendLine(Inv($"# {title}"));
        sb.AppendLine();
        sb.AppendLine(Inv($"- Model: {model}"));
        sb.AppendLine(Inv($"- Data: {data}, split {report.Split.ToLowerInvariant()}: {report.Predictions.Count} images, {report.Skipped.Count} skipped"));
        sb.AppendLine();
        AppendMetricsTable(sb, [(report.Split.ToLowerInvariant(), report)]);
        sb.AppendLine();
        sb.AppendLine(Inv($"Thresholds chosen on this same split (optimistic; choose them on validation for deployment): Youden's J {Fmt(report.Youden?.Threshold)}, sensitivity ≥ {targetSensitivity:0.##} {Fmt(report.AtTargetSensitivity?.Threshold)}."));
        sb.AppendLine();
        sb.AppendLine(Inv($"![ROC curve]({RocPng})"));
        sb.AppendLine();
        sb.AppendLine(Inv($"![Confusion matrix]({ConfusionPng})"));
        AppendSkipped(sb, report.Skipped);
        return sb.ToString();
    }

    private static void AppendMetricsTable(StringBuilder sb, IReadOnlyList<(string Name, EvaluationReport Report)> rows)
    {
        sb.AppendLine("| split | images | loss | accuracy | sensitivity | specificity | precision | F1 | ROC-AUC | TP | FP | TN | FN |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, r) in rows)
        {
            var m = r.Metrics;
            var cm = m.Confusion;
            sb.AppendLine(Inv($"| {name} | {r.Predictions.Count} | {r.Loss:0.0000} | {Fmt(m.Accuracy)} | {Fmt(m.Sensitivity)} | {Fmt(m.Specificity)} | {Fmt(m.Precision)} | {Fmt(m.F1)} | {Fmt(m.RocAuc)} | {cm.TruePositives} | {cm.FalsePositives} | {cm.TrueNegatives} | {cm.FalseNegatives} |"));
        }
        sb.AppendLine();
        sb.AppendLine("Metrics at threshold 0.5 on the fractured probability; ROC-AUC from probabilities.");
    }

    private static void AppendThresholds(StringBuilder sb, IReadOnlyList<OperatingPoint> points)
    {
        if (points.Count == 0)
            return;
        sb.AppendLine("### Decision thresholds (chosen on validation, applied to test)");
        sb.AppendLine();
        sb.AppendLine("| rule | threshold | val sensitivity | val specificity | test sensitivity | test specificity | test precision |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var p in points)
        {
            var rule = p.ChosenOnValidation.Rule == "youden" ? "Youden's J" : p.ChosenOnValidation.Rule.Replace(">=", " ≥ ", StringComparison.Ordinal);
            sb.AppendLine(Inv($"| {rule} | {p.ChosenOnValidation.Threshold:0.0000} | {Fmt(p.ChosenOnValidation.Sensitivity)} | {Fmt(p.ChosenOnValidation.Specificity)} | {Fmt(p.OnTest.Sensitivity)} | {Fmt(p.OnTest.Specificity)} | {Fmt(p.OnTest.Precision)} |"));
        }
        sb.AppendLine();
    }

    private static void AppendSkipped(StringBuilder sb, IReadOnlyList<SkippedImage> skipped)
    {
        if (skipped.Count == 0)
            return;
        sb.AppendLine();
        sb.AppendLine(Inv($"## Skipped images ({skipped.Count})"));
        sb.AppendLine();
        foreach (var s in skipped.Take(MaxSkippedListed))
            sb.AppendLine(Inv($"- `{s.Path}`: {s.Reason} — {s.Message}"));
        if (skipped.Count > MaxSkippedListed)
            sb.AppendLine(Inv($"- … and {skipped.Count - MaxSkippedListed} more"));
    }

    private static string Fmt(double? v) => v is { } d && !double.IsNaN(d) ? d.ToString("0.0000", CultureInfo.InvariantCulture) : "n/a";

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
