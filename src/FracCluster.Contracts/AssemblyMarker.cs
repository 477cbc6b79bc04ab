namespace FracCluster.Contracts; internal static class AssemblyMarker { }
