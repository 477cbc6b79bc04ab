using FracCluster.Contracts.Training;

namespace FracCluster.Grains.Training;

/// <summary>Checks a run request before anything starts; the API turns the message into a 400.</summary>
public static class TrainingRequestValidation
{
    public const int MaxShardSize = 4096;

    /// <summary>Problems with the request, empty when it is valid.</summary>
    public static IReadOnlyList<string> Problems(TrainingRunRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(request.Dataset))
            problems.Add("dataset is required (a folder every silo can read, or blob:PREFIX).");
        if (string.IsNullOrWhiteSpace(request.Weights))
            problems.Add("weights is required (a checkpoint blob key or path).");
        if (request.Mode is not TrainingModes.LinearProbe and not TrainingModes.FineTune)
            problems.Add($"mode '{request.Mode}' is not {TrainingModes.LinearProbe} or {TrainingModes.FineTune}.");
        if (request.Epochs is < 1 or > 10_000)
            problems.Add($"epochs must be between 1 and 10000 (got {request.Epochs}).");
        if (request.BatchSize is < 1 or > 65_536)
            problems.Add($"batchSize must be between 1 and 65536 (got {request.BatchSize}).");
        if (!(request.LearningRate > 0) || double.IsInfinity(request.LearningRate))
            problems.Add($"learningRate must be a positive number (got {request.LearningRate}).");
        if (request.ImageSize is < 16 or > 2048)
            problems.Add($"imageSize must be between 16 and 2048 (got {request.ImageSize}).");
        if (request.ShardSize is < 1 or > MaxShardSize)
            problems.Add($"shardSize must be between 1 and {MaxShardSize} (got {request.ShardSize}).");
        return problems;
    }

    public static void ThrowIfInvalid(TrainingRunRequest request)
    {
        var problems = Problems(request);
        if (problems.Count > 0)
            throw new ArgumentException("Invalid training request: " + string.Join(" ", problems), nameof(request));
    }
}
