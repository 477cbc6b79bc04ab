using FracCluster.Contracts;
using Orleans.Runtime;

namespace FracCluster.Silo.Api;

/// <summary><c>/v1/models</c>: which model version runs on which silo and device, and rolling in a new checkpoint.</summary>
public static class ModelEndpoints
{
    public static IEndpointRouteBuilder MapModelEndpoints(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/v1");
        v1.MapGet("/models", ListAsync).WithSummary("Every model grain of every live silo: device, version, readiness, in-flight images.");
        v1.MapPost("/models/load", LoadAsync).AddEndpointFilter<ApiKeyEndpointFilter>()
            .WithSummary("Load a checkpoint on every model grain of every silo; batches in flight finish on the old model.");
        return app;
    }

    private static async Task<IResult> ListAsync(IGrainFactory grains, CancellationToken cancellationToken) =>
        Results.Ok(await ForEachSiloAsync(grains, c => c.GetModelsAsync(), cancellationToken));

    private static async Task<IResult> LoadAsync(LoadModelRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Checkpoint))
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "CheckpointRequired", detail: "Body: {\"checkpoint\": \"models/…\"}.");
        try
        {
            return Results.Ok(await ForEachSiloAsync(grains, c => c.LoadModelAsync(request.Checkpoint), cancellationToken));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "LoadFailed", detail: ex.Message);
        }
    }

    private static async Task<IReadOnlyList<ModelStatus>> ForEachSiloAsync(IGrainFactory grains, Func<ISiloControlGrain, Task<IReadOnlyList<ModelStatus>>> call, CancellationToken cancellationToken)
    {
        var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true, cancellationToken);
        var perSilo = await Task.WhenAll(hosts.Keys.Select(s => call(grains.GetGrain<ISiloControlGrain>(s.ToParsableString()))));
        return perSilo.SelectMany(m => m).OrderBy(m => m.Silo, StringComparer.Ordinal).ThenBy(m => m.Device, StringComparer.Ordinal).ToList();
    }
}
