namespace FracCluster.Silo.Api;

/// <summary>Body of a 202 from <c>POST /v1/scans</c>.</summary>
public sealed record ScanAccepted(string ScanId, bool Duplicate, string Location);
