namespace FracCluster.Storage; internal static class Placeholder { }
