namespace FracCluster.Silo.Options;

/// <summary>How silos find each other (<c>Frac:Cluster:Provider</c>).</summary>
public enum ClusterProvider
{
    /// <summary>Development clustering on one machine: the first silo is the primary the others join.</summary>
    Localhost,

    /// <summary>Azure Table Storage membership (production, Kubernetes).</summary>
    AzureTable,

    /// <summary>Redis membership.</summary>
    Redis,
}
