namespace FracCluster.Contracts;

/// <summary>
/// The cluster's approved model: what every model grain of every silo serves, including silos that start later. Set
/// by <c>POST /v1/models/load</c>, a published training run, or a rollback; kept in grain storage.
/// </summary>
[GenerateSerializer, Immutable, Alias("frac.CurrentModel")]
public sealed record CurrentModel
{
    /// <summary>Grows by one at every change; model grains follow a revision they have not followed yet.</summary>
    [Id(0)] public required long Revision { get; init; }

    /// <summary>Checkpoint blob key (or path) the model grains load.</summary>
    [Id(1)] public required string Checkpoint { get; init; }

    /// <summary>The version the first model grain reported for it, when known.</summary>
    [Id(2)] public string? ModelVersion { get; init; }

    [Id(3)] public required DateTimeOffset SetAt { get; init; }

    /// <summary>Who set it: the credential name, a training run id, or "rollback by …".</summary>
    [Id(4)] public required string SetBy { get; init; }

    /// <summary>The models this one replaced, newest first (at most a few); a rollback returns to the first.</summary>
    [Id(5)] public IReadOnlyList<CurrentModel> Previous { get; init; } = [];
}
