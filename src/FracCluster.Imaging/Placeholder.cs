namespace FracCluster.Imaging; internal static class Placeholder { }
