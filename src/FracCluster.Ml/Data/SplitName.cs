namespace FracCluster.Ml.Data;

public enum SplitName
{
    Train,
    Validation,
    Test,
}
