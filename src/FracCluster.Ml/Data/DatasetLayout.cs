namespace FracCluster.Ml.Data;

/// <summary>How images and labels are arranged in a source.</summary>
public enum DatasetLayout
{
    /// <summary>FracAtlas when <c>images/Fractured</c>, <c>images/Non_fractured</c> or <c>dataset.csv</c> is present, else class folders.</summary>
    Auto,

    /// <summary><c>images/Fractured/*</c>, <c>images/Non_fractured/*</c> and an optional <c>dataset.csv</c>.</summary>
    FracAtlas,

    /// <summary>One folder per class (<c>&lt;class&gt;/**/*.jpg</c>), like torchvision's ImageFolder.</summary>
    ClassFolders,
}
