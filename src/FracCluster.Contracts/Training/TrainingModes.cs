namespace FracCluster.Contracts.Training;

/// <summary>Mode names on the wire (request and status).</summary>
public static class TrainingModes
{
    public const string LinearProbe = "linear-probe";

    public const string FineTune = "fine-tune";
}
