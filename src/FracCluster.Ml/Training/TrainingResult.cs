namespace FracCluster.Ml.Training;

/// <summary>A finished run: per-epoch history, the best epoch, and the best model scored on validation and test.</summary>
public sealed record TrainingResult
{
    public required IReadOnlyList<EpochRecord> History { get; init; }

    public required int BestEpoch { get; init; }

    public required EvaluationReport Validation { get; init; }

    public required EvaluationReport Test { get; init; }

    /// <summary>Youden's J and target-sensitivity thresholds chosen on validation, applied to test.</summary>
    public required IReadOnlyList<OperatingPoint> OperatingPoints { get; init; }

    public required IReadOnlyList<SkippedImage> Skipped { get; init; }

    /// <summary>Linear probe: features read from the cache / computed by the backbone in this process.</summary>
    public int FeatureCacheHits { get; init; }

    public int FeaturesComputed { get; init; }

    /// <summary>Linear probe: wall time of feature extraction (cache lookups, decoding, backbone passes) in this process.</summary>
    public double FeatureExtractionSeconds { get; init; }

    /// <summary>Epochs this process ran (fewer than History.Count after a resume).</summary>
    public int EpochsRun { get; init; }

    /// <summary>
    /// The headline numbers stored in checkpoint metadata and run records: test and validation metrics plus the chosen
    /// thresholds. Undefined ratios (e.g. precision with no positive prediction) are left out: JSON has no NaN.
    /// </summary>
    public Dictionary<string, double> SummaryMetrics()
    {
        var m = Test.Metrics;
        var metrics = new Dictionary<string, double>
        {
            ["test_accuracy"] = m.Accuracy,
            ["test_sensitivity"] = m.Sensitivity,
            ["test_specificity"] = m.Specificity,
            ["test_precision"] = m.Precision,
            ["test_f1"] = m.F1,
            ["test_roc_auc"] = m.RocAuc,
            ["test_loss"] = Test.Loss,
            ["val_accuracy"] = Validation.Metrics.Accuracy,
            ["val_roc_auc"] = Validation.Metrics.RocAuc,
        };
        foreach (var op in OperatingPoints)
            metrics[op.ChosenOnValidation.Rule == "youden" ? "threshold_youden" : "threshold_target_sensitivity"] = op.ChosenOnValidation.Threshold;
        return metrics.Where(kv => double.IsFinite(kv.Value)).ToDictionary();
    }
}
