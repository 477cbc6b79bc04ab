using System.Runtime.InteropServices;

namespace FracCluster.TestSupport.Azurite;

/// <summary>POSIX kill(2): .NET can only SIGKILL another process, and Azurite needs SIGTERM to save its state.</summary>
internal static partial class NativeMethods
{
    public const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);
}
