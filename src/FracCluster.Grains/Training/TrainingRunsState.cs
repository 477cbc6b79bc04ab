namespace FracCluster.Grains.Training;

[GenerateSerializer, Alias("frac.TrainingRunsState")]
public sealed class TrainingRunsState
{
    [Id(0)] public List<string> Runs { get; set; } = [];

    [Id(1)] public HashSet<string> Final { get; set; } = new(StringComparer.Ordinal);
}
