namespace FracCluster.Silo.Options;

/// <summary>Section <c>Frac:Cluster</c>: identity and endpoints of this silo.</summary>
public sealed class FracClusterOptions
{
    public const string Section = "Frac:Cluster";

    public string ClusterId { get; set; } = "fraccluster";

    public string ServiceId { get; set; } = "fraccluster";

    public ClusterProvider Provider { get; set; } = ClusterProvider.Localhost;

    /// <summary>Silo-to-silo port; with <see cref="SiloIndex"/> N the silo listens on SiloPort + N.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Client gateway port; with <see cref="SiloIndex"/> N the silo listens on GatewayPort + N.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// Several silos on one machine (Localhost provider): silo N uses ports SiloPort+N, GatewayPort+N and HTTP 5080+N,
    /// and silos N &gt; 0 join silo 0 as their primary. Also settable as <c>--silo-index N</c>.
    /// </summary>
    public int SiloIndex { get; set; }

    /// <summary>The IP other silos reach this one at (the pod IP on Kubernetes). Ignored by the Localhost provider.</summary>
    public string? AdvertisedIp { get; set; }

    /// <summary>Silo name (the pod name on Kubernetes).</summary>
    public string? SiloName { get; set; }

    /// <summary>Localhost provider: "host:port" of the primary silo to join; default 127.0.0.1:SiloPort for silos with index &gt; 0.</summary>
    public string? PrimarySiloEndpoint { get; set; }

    /// <summary>Membership store connection string (AzureTable, Redis).</summary>
    public string? ConnectionString { get; set; }

    public int EffectiveSiloPort => SiloPort + SiloIndex;

    public int EffectiveGatewayPort => GatewayPort + SiloIndex;
}
