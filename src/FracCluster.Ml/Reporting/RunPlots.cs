using FracCluster.Ml.Metrics;
using FracCluster.Ml.Training;
using ScottPlot;

namespace FracCluster.Ml.Reporting;

/// <summary>The run's PNG figures: loss and accuracy curves, ROC curve with the chosen thresholds, confusion matrix.</summary>
public static class RunPlots
{
    public const int Width = 900;
    public const int Height = 600;

    private static readonly Color TrainColor = Color.FromHex("#1f77b4");
    private static readonly Color ValidationColor = Color.FromHex("#d62728");
    private static readonly Color TestColor = Color.FromHex("#2ca02c");

    public static void Loss(IReadOnlyList<EpochRecord> history, int bestEpoch, string path)
    {
        var plot = NewPlot("Loss per epoch", "Epoch", "Cross-entropy loss");
        var epochs = history.Select(h => (double)h.Epoch).ToArray();
        AddSeries(plot, epochs, history.Select(h => h.TrainLoss).ToArray(), "train", TrainColor);
        AddSeries(plot, epochs, history.Select(h => h.ValidationLoss).ToArray(), "validation", ValidationColor);
        MarkBest(plot, bestEpoch);
        IntegerEpochTicks(plot, history.Count);
        plot.Axes.AutoScale();
        plot.Axes.SetLimitsY(0, Math.Max(0.1, history.Max(h => Math.Max(Finite(h.TrainLoss), Finite(h.ValidationLoss))) * 1.1));
        plot.ShowLegend(Edge.Right);
        plot.SavePng(path, Width + 150, Height);
    }

    public static void Accuracy(IReadOnlyList<EpochRecord> history, int bestEpoch, string path)
    {
        var plot = NewPlot("Validation metrics per epoch", "Epoch", "Value");
        var epochs = history.Select(h => (double)h.Epoch).ToArray();
        AddSeries(plot, epochs, history.Select(h => h.Validation.Accuracy).ToArray(), "accuracy", ValidationColor);
        AddSeries(plot, epochs, history.Select(h => h.Validation.RocAuc).ToArray(), "ROC-AUC", TrainColor);
        AddSeries(plot, epochs, history.Select(h => h.Validation.Sensitivity).ToArray(), "sensitivity", TestColor, dashed: true);
        AddSeries(plot, epochs, history.Select(h => h.Validation.Specificity).ToArray(), "specificity", Color.FromHex("#9467bd"), dashed: true);
        MarkBest(plot, bestEpoch);
        IntegerEpochTicks(plot, history.Count);
        plot.Axes.AutoScaleX();
        plot.Axes.SetLimitsY(0, 1.05);
        plot.ShowLegend(Edge.Right);
        plot.SavePng(path, Width + 150, Height);
    }

    public static void Roc(EvaluationReport report, IReadOnlyList<OperatingPoint> operatingPoints, string path)
    {
        var plot = NewPlot($"ROC curve, {report.Split.ToLowerInvariant()} split (AUC {report.Metrics.RocAuc:0.000})", "False positive rate (1 − specificity)", "True positive rate (sensitivity)");
        var chance = plot.Add.Line(0, 0, 1, 1);
        chance.LinePattern = LinePattern.Dashed;
        chance.Color = Colors.Gray;
        chance.LegendText = "chance";
        var points = report.Roc.Where(p => !double.IsNaN(p.FalsePositiveRate) && !double.IsNaN(p.TruePositiveRate)).ToList();
        if (points.Count > 0)
        {
            var curve = plot.Add.Scatter(points.Select(p => p.FalsePositiveRate).ToArray(), points.Select(p => p.TruePositiveRate).ToArray());
            curve.LegendText = $"model (AUC {report.Metrics.RocAuc:0.000})";
            curve.Color = TrainColor;
            curve.LineWidth = 2.5f;
            curve.MarkerSize = 0;
            curve.ConnectStyle = ConnectStyle.StepVertical;
        }
        var markerColors = new[] { ValidationColor, TestColor };
        for (var i = 0; i < operatingPoints.Count; i++)
        {
            var op = operatingPoints[i];
            var marker = plot.Add.Marker(1 - op.OnTest.Specificity, op.OnTest.Sensitivity);
            marker.Color = markerColors[i % markerColors.Length];
            // Both rules can pick the same point: an open ring around a filled diamond keeps both visible.
            marker.MarkerShape = i == 0 ? MarkerShape.OpenCircle : MarkerShape.FilledDiamond;
            marker.MarkerSize = i == 0 ? 22 : 12;
            marker.MarkerLineWidth = 3;
            marker.LegendText = $"{Describe(op.ChosenOnValidation.Rule)}: t = {op.ChosenOnValidation.Threshold:0.000} (sens {op.OnTest.Sensitivity:0.00}, spec {op.OnTest.Specificity:0.00})";
        }
        plot.Axes.SetLimits(-0.02, 1.02, -0.02, 1.02);
        double[] ticks = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];
        var labels = ticks.Select(t => t.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        plot.Axes.Bottom.SetTicks(ticks, labels);
        plot.Axes.Left.SetTicks(ticks, labels);
        plot.ShowLegend(Alignment.LowerRight);
        plot.SavePng(path, Width, Height);
    }

    /// <summary>Rows: true class; columns: predicted class; counts and row shares in each cell.</summary>
    public static void Confusion(ConfusionMatrix cm, string positiveName, string negativeName, string title, string path)
    {
        var plot = new Plot();
        plot.Title(title, size: 20);
        // Cell (row 0 = true positive class at the top, column 0 = predicted positive).
        var cells = new (int Row, int Col, int Count, int RowTotal, bool Correct)[]
        {
            (0, 0, cm.TruePositives, cm.Positives, true),
            (0, 1, cm.FalseNegatives, cm.Positives, false),
            (1, 0, cm.FalsePositives, cm.Negatives, false),
            (1, 1, cm.TrueNegatives, cm.Negatives, true),
        };
        foreach (var c in cells)
        {
            var share = c.RowTotal == 0 ? 0 : (double)c.Count / c.RowTotal;
            var top = 2 - c.Row;
            var rect = plot.Add.Rectangle(c.Col, c.Col + 1, top - 1, top);
            var baseColor = c.Correct ? Color.FromHex("#2166ac") : Color.FromHex("#b2182b");
            rect.FillColor = baseColor.WithAlpha((byte)(40 + (180 * share)));
            rect.LineColor = Colors.White;
            rect.LineWidth = 3;
            var text = plot.Add.Text($"{c.Count}\n{share:0.0%} of row", c.Col + 0.5, top - 0.5);
            text.LabelFontSize = 26;
            text.LabelBold = true;
            text.LabelAlignment = Alignment.MiddleCenter;
            text.LabelFontColor = share > 0.6 ? Colors.White : Colors.Black;
        }
        plot.Axes.SetLimits(0, 2, 0, 2);
        plot.Axes.Bottom.SetTicks([0.5, 1.5], [$"predicted {positiveName}", $"predicted {negativeName}"]);
        plot.Axes.Left.SetTicks([1.5, 0.5], [$"true {positiveName}", $"true {negativeName}"]);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 16;
        plot.Axes.Left.TickLabelStyle.FontSize = 16;
        plot.Axes.Left.TickLabelStyle.Rotation = -90;
        plot.Axes.Left.TickLabelStyle.Alignment = Alignment.LowerCenter;
        plot.Grid.IsVisible = false;
        plot.SavePng(path, 700, 620);
    }

    private static string Describe(string rule) => rule == "youden" ? "Youden's J" : rule.Replace("sensitivity>=", "sensitivity ≥ ", StringComparison.Ordinal);

    private static Plot NewPlot(string title, string x, string y)
    {
        var plot = new Plot();
        plot.Title(title, size: 20);
        plot.XLabel(x, size: 16);
        plot.YLabel(y, size: 16);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 14;
        plot.Axes.Left.TickLabelStyle.FontSize = 14;
        plot.Legend.FontSize = 14;
        return plot;
    }

    private static void AddSeries(Plot plot, double[] xs, double[] ys, string label, Color color, bool dashed = false)
    {
        var s = plot.Add.Scatter(xs, ys.Select(v => double.IsFinite(v) ? v : double.NaN).ToArray());
        s.LegendText = label;
        s.Color = color;
        s.LineWidth = 2.5f;
        s.MarkerSize = xs.Length > 40 ? 0 : 7;
        if (dashed)
            s.LinePattern = LinePattern.Dashed;
    }

    private static void MarkBest(Plot plot, int bestEpoch)
    {
        if (bestEpoch <= 0)
            return;
        var line = plot.Add.VerticalLine(bestEpoch);
        line.Color = Colors.Gray;
        line.LinePattern = LinePattern.Dotted;
        line.LineWidth = 2;
        line.LegendText = $"best epoch ({bestEpoch})";
    }

    private static void IntegerEpochTicks(Plot plot, int epochs)
    {
        var step = Math.Max(1, (int)Math.Ceiling(epochs / 20.0));
        var ticks = Enumerable.Range(1, epochs).Where(e => (e - 1) % step == 0 || e == epochs).Select(e => (double)e).ToArray();
        plot.Axes.Bottom.SetTicks(ticks, ticks.Select(t => t.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
    }

    private static double Finite(double v) => double.IsFinite(v) ? v : 0;
}
