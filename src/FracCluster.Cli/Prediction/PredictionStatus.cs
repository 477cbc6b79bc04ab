namespace FracCluster.Cli.Prediction;

/// <summary>What happened to one file.</summary>
public enum PredictionStatus
{
    /// <summary>Classified.</summary>
    Ok,

    /// <summary>Read, but not a usable image (the reason says why: Truncated, NotAnImage, TooLarge…).</summary>
    Rejected,

    /// <summary>Could not be read from disk at all (permissions, vanished, I/O error).</summary>
    Unreadable,
}
