namespace FracCluster.Deploy.Tests.Docker;

/// <summary>One Dockerfile instruction with its continuation lines joined.</summary>
/// <param name="Keyword">Upper-case instruction, e.g. FROM.</param>
/// <param name="Arguments">Everything after the keyword.</param>
/// <param name="Line">1-based line where it starts.</param>
public sealed record DockerInstruction(string Keyword, string Arguments, int Line);
