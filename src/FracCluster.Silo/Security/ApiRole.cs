namespace FracCluster.Silo.Security;

/// <summary>What a credential may do.</summary>
public enum ApiRole
{
    /// <summary>Submits scans and reads the results of its own scanner ids only.</summary>
    Scanner,

    /// <summary>Reads everything, loads models, starts and cancels training, opens the dashboard and the web UI.</summary>
    Operator,
}
