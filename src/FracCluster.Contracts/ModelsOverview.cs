
namespace FracCluster.Contracts;

/// <summary>
/// The body of <c>GET /v1/models</c> and of the model-changing endpoints (HTTP only, not a grain message): the cluster's approved model (null until one was loaded or published) and what every model
/// grain actually serves; a grain whose <see cref="ModelStatus.FollowedRevision"/> lags <see cref="CurrentModel.Revision"/>
/// is still switching.
/// </summary>
public sealed record ModelsOverview(CurrentModel? Current, IReadOnlyList<ModelStatus> Grains);
