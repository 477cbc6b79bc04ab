namespace FracCluster.Ml.Data;

public enum DatasetLocationKind
{
    /// <summary>A folder on this machine.</summary>
    Local,

    /// <summary><c>blob:prefix</c>: a prefix in the application's configured blob store (files or Azure).</summary>
    Blob,

    /// <summary><c>az://container/prefix</c>: a prefix in an Azure Blob container.</summary>
    Azure,
}
