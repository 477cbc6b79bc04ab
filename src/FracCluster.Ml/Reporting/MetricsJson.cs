using System.Text.Json;
using System.Text.Json.Nodes;
using FracCluster.Ml.Metrics;
using FracCluster.Ml.Training;

namespace FracCluster.Ml.Reporting;

/// <summary>The lines of metrics.jsonl: one object per epoch, then one for the test of the best model.</summary>
public static class MetricsJson
{
    private static readonly JsonSerializerOptions Compact = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static string Epoch(EpochRecord e)
    {
        var o = new JsonObject
        {
            ["type"] = "epoch",
            ["epoch"] = e.Epoch,
            ["train_loss"] = e.TrainLoss,
            ["val_loss"] = e.ValidationLoss,
            ["seconds"] = Math.Round(e.Seconds, 3),
            ["best_so_far"] = e.IsBest,
        };
        AddMetrics(o, "val_", e.Validation);
        return o.ToJsonString(Compact);
    }

    public static string Test(TrainingResult result)
    {
        var o = new JsonObject
        {
            ["type"] = "test",
            ["best_epoch"] = result.BestEpoch,
            ["test_loss"] = result.Test.Loss,
            ["test_images"] = result.Test.Predictions.Count,
            ["skipped_images"] = result.Skipped.Count,
        };
        AddMetrics(o, "test_", result.Test.Metrics);
        var cm = result.Test.Metrics.Confusion;
        o["confusion"] = new JsonObject { ["tp"] = cm.TruePositives, ["fp"] = cm.FalsePositives, ["tn"] = cm.TrueNegatives, ["fn"] = cm.FalseNegatives };
        var thresholds = new JsonArray();
        foreach (var op in result.OperatingPoints)
        {
            thresholds.Add(new JsonObject
            {
                ["rule"] = op.ChosenOnValidation.Rule,
                ["threshold"] = op.ChosenOnValidation.Threshold,
                ["val_sensitivity"] = op.ChosenOnValidation.Sensitivity,
                ["val_specificity"] = op.ChosenOnValidation.Specificity,
                ["test_sensitivity"] = op.OnTest.Sensitivity,
                ["test_specificity"] = op.OnTest.Specificity,
                ["test_precision"] = op.OnTest.Precision,
            });
        }
        o["thresholds"] = thresholds;
        return o.ToJsonString(Compact);
    }

    private static void AddMetrics(JsonObject o, string prefix, BinaryMetrics m)
    {
        o[prefix + "accuracy"] = m.Accuracy;
        o[prefix + "sensitivity"] = m.Sensitivity;
        o[prefix + "specificity"] = m.Specificity;
        o[prefix + "precision"] = m.Precision;
        o[prefix + "f1"] = m.F1;
        o[prefix + "roc_auc"] = m.RocAuc;
    }
}
