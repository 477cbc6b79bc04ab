namespace FracCluster.Grains; internal static class AssemblyMarker { }
