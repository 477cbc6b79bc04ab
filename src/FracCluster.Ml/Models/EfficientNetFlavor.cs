namespace FracCluster.Ml.Models;

/// <summary>
/// Which reference implementation the network reproduces. The two agree on weights layout (names map one-to-one) but
/// differ in details that change outputs, so an imported checkpoint must be rebuilt with its own flavour.
/// </summary>
public enum EfficientNetFlavor
{
    /// <summary>
    /// torchvision 0.14 <c>efficientnet.py</c>: BatchNorm eps 1e-5 / momentum 0.1 for B0–B4 and 1e-3 / 0.01 for B5–B7,
    /// head width 4 × last stage width, residual on every block whose stride is 1 and whose widths match.
    /// </summary>
    Torchvision,

    /// <summary>
    /// lukemelas/EfficientNet-PyTorch: BatchNorm eps 1e-3 / momentum 0.01 (TF's 0.99) for every variant, head width
    /// round_filters(1280), and no residual on the first block of a stage (its stride is stored as a list, so the
    /// library's <c>stride == 1</c> test is false there; only matters for tiny widths where that block keeps its width).
    /// </summary>
    EfficientNetPyTorch,
}
