namespace FracCluster.Dicom.Network;

/// <summary>Where and how the SCU (C-ECHO, C-STORE) associates.</summary>
public sealed class DicomClientOptions
{
    public string Host { get; set; } = "localhost";

    public int Port { get; set; } = 104;

    public string CallingAeTitle { get; set; } = "FRACCLUSTER";

    public string CalledAeTitle { get; set; } = "ANY-SCP";

    /// <summary>Largest P-DATA-TF we receive (advertised), and the cap on what we send when the peer sets none.</summary>
    public uint MaxPduLength { get; set; } = 65536;

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Time for the A-ASSOCIATE-AC/RJ and the A-RELEASE-RP to arrive.</summary>
    public TimeSpan AssociationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time for a DIMSE response after the request was sent (the peer may be making the instance durable).</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(120);
}
