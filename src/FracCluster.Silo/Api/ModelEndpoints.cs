using FracCluster.Contracts;
using FracCluster.Silo.Security;
using Orleans.Runtime;

namespace FracCluster.Silo.Api;

/// <summary><c>/v1/models</c>: which model version runs on which silo and device, and rolling in a new checkpoint.</summary>
public static class ModelEndpoints
{
    public static IEndpointRouteBuilder MapModelEndpoints(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/v1");
        v1.MapGet("/models", ListAsync).AddEndpointFilter<OperatorEndpointFilter>().WithSummary("The cluster's current (approved) model, and every model grain of every live silo: device, version, readiness, in-flight images.");
        v1.MapPost("/models/load", LoadAsync).AddEndpointFilter<OperatorEndpointFilter>()
            .WithSummary("Load a checkpoint on every model grain of every silo and make it the cluster's current model; batches in flight finish on the old model.");
        v1.MapPost("/models/rollback", RollbackAsync).AddEndpointFilter<OperatorEndpointFilter>()
            .WithSummary("Return the cluster to the model before the current one.");
        return app;
    }

    private static async Task<IResult> ListAsync(IGrainFactory grains, CancellationToken cancellationToken) =>
        Results.Ok(new ModelsOverview(
            await grains.GetGrain<ICurrentModelGrain>(0).GetAsync(),
            await ForEachSiloAsync(grains, c => c.GetModelsAsync(), cancellationToken)));

    private static async Task<IResult> RollbackAsync(HttpContext http, IGrainFactory grains, AuditLog audit, CancellationToken cancellationToken)
    {
        var caller = http.Caller();
        if (await grains.GetGrain<ICurrentModelGrain>(0).RollbackAsync(caller.Name) is not { } current)
        {
            audit.Record(caller, "model.rollback", "-", "NothingToRollBackTo");
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "NothingToRollBackTo", detail: "The current model has no predecessor.");
        }
        try
        {
            var overview = new ModelsOverview(current, await ForEachSiloAsync(grains, c => c.LoadModelAsync(current.Checkpoint), cancellationToken));
            audit.Record(caller, "model.rollback", current.Checkpoint);
            return Results.Ok(overview);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Recorded: model grains keep trying to follow it on every keep-alive; the failure is what the caller sees now.
            audit.Record(caller, "model.rollback", current.Checkpoint, "LoadFailed");
            return Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "LoadFailed", detail: ex.Message);
        }
    }

    private static async Task<IResult> LoadAsync(LoadModelRequest request, HttpContext http, IGrainFactory grains, AuditLog audit, CancellationToken cancellationToken)
    {
        var caller = http.Caller();
        if (string.IsNullOrWhiteSpace(request.Checkpoint))
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "CheckpointRequired", detail: "Body: {\"checkpoint\": \"models/…\"}.");
        try
        {
            // Recorded first: model grains return to the record on every keep-alive, so loading before recording would
            // be undone by a keep-alive that still saw the old model.
            var record = grains.GetGrain<ICurrentModelGrain>(0);
            var current = await record.SetAsync(request.Checkpoint, null, caller.Name);
            IReadOnlyList<ModelStatus> loaded;
            try
            {
                loaded = await ForEachSiloAsync(grains, c => c.LoadModelAsync(request.Checkpoint), cancellationToken);
            }
            catch (Exception) when (current.Previous.Count > 0)
            {
                // A checkpoint that does not load never stays current: back to the model before it, everywhere.
                await record.RollbackAsync(caller.Name);
                throw;
            }
            var version = loaded.Select(m => m.ModelVersion).FirstOrDefault(v => v is not null);
            current = await record.SetVersionAsync(current.Revision, version) ?? current;
            audit.Record(caller, "model.load", request.Checkpoint);
            return Results.Ok(new ModelsOverview(current, loaded));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            audit.Record(caller, "model.load", request.Checkpoint, "LoadFailed");
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
