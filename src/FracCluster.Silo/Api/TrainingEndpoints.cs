using FracCluster.Contracts.Training;
using FracCluster.Grains.Training;
using FracCluster.Storage;
using FracCluster.Silo.Security;
using Orleans.Runtime;

namespace FracCluster.Silo.Api;

/// <summary>
/// <c>/v1/training</c>: start a cluster training run, watch it, list runs, cancel one, and read the run's artifacts
/// (report, metrics, plots, TensorBoard events, checkpoint) from the blob store.
/// </summary>
public static class TrainingEndpoints
{
    public static IEndpointRouteBuilder MapTrainingEndpoints(this IEndpointRouteBuilder app)
    {
        // Runs name data sets, checkpoints and metrics of patients' images: operators only.
        var v1 = app.MapGroup("/v1/training").AddEndpointFilter<OperatorEndpointFilter>();
        v1.MapPost("", StartAsync)
            .WithSummary("Start a training run: dataset, initial weights, mode, epochs, batch, lr, seed, publish. Answers 202 with the run.");
        v1.MapGet("", ListAsync).WithSummary("Every run, newest last, with phase and progress.");
        v1.MapGet("/{id}", GetAsync).WithSummary("One run: phase, epoch, metrics so far, ETA, shards per silo, bad entries.");
        v1.MapPost("/{id}/cancel", CancelAsync)
            .WithSummary("Stop the run's work on every silo and record it as cancelled.");
        v1.MapGet("/{id}/artifacts", ListArtifactsAsync)
            .WithSummary("Keys of the run's artifacts, relative to runs/{id}/.");
        v1.MapGet("/{id}/artifacts/{**path}", GetArtifactAsync)
            .WithSummary("One artifact's bytes.");
        return app;
    }

    private static async Task<IResult> StartAsync(TrainingRunRequest? request, HttpContext http, IGrainFactory grains, AuditLog audit, TimeProvider time)
    {
        if (request is null)
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "BodyRequired", detail: "Body: {\"dataset\": \"blob:datasets/x\", \"weights\": \"models/b0\", ...}.");
        var problems = TrainingRequestValidation.Problems(request);
        if (problems.Count > 0)
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "InvalidTrainingRequest", detail: string.Join(" ", problems));
        var runId = FormattableString.Invariant($"run-{time.GetUtcNow():yyyyMMdd-HHmmss}-{Guid.NewGuid():N}")[..32];
        var status = await grains.GetGrain<ITrainingCoordinatorGrain>(runId).StartAsync(request);
        audit.Record(http.Caller(), "training.start", $"{runId} dataset={request.Dataset} publish={request.Publish}");
        return Results.Accepted($"/v1/training/{runId}", status);
    }

    private static async Task<IResult> ListAsync(IGrainFactory grains)
    {
        var ids = await grains.GetGrain<ITrainingRunsGrain>(0).ListAsync();
        var all = await Task.WhenAll(ids.Select(id => grains.GetGrain<ITrainingCoordinatorGrain>(id).GetStatusAsync()));
        return Results.Ok(all.Where(s => s is not null).Select(s => s! with { History = [], BadEntries = [] }).ToList());
    }

    private static async Task<IResult> GetAsync(string id, IGrainFactory grains, HttpContext context)
    {
        TrainingRunStatus? status;
        try
        {
            status = await grains.GetGrain<ITrainingCoordinatorGrain>(id).GetStatusAsync();
        }
        catch (Exception ex) when (ex is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException)
        {
            // The coordinator's silo just went: the run is being picked up elsewhere from its record.
            context.Response.Headers.RetryAfter = "1";
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "CoordinatorMoving", detail: $"Run {id}'s coordinator is moving to another silo: {ex.Message}");
        }
        return status is null ? NotFound(id) : Results.Ok(status);
    }

    private static async Task<IResult> CancelAsync(string id, HttpContext http, IGrainFactory grains, AuditLog audit)
    {
        if (await grains.GetGrain<ITrainingCoordinatorGrain>(id).CancelAsync() is not { } status)
            return NotFound(id);
        audit.Record(http.Caller(), "training.cancel", id);
        return Results.Ok(status);
    }

    private static async Task<IResult> ListArtifactsAsync(string id, IGrainFactory grains, IBlobStore blobs, CancellationToken cancellationToken)
    {
        if (await grains.GetGrain<ITrainingCoordinatorGrain>(id).GetStatusAsync() is not { } status)
            return NotFound(id);
        var prefix = status.ArtifactsPrefix + "/";
        var keys = new List<string>();
        await foreach (var key in blobs.ListAsync(prefix, cancellationToken))
            keys.Add(key[prefix.Length..]);
        return Results.Ok(keys);
    }

    private static async Task<IResult> GetArtifactAsync(string id, string path, IGrainFactory grains, IBlobStore blobs, CancellationToken cancellationToken)
    {
        if (path.Split('/').Any(p => p is ".." or "." or ""))
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "BadPath", detail: "Artifact paths are relative keys without '.' or '..' segments.");
        if (await grains.GetGrain<ITrainingCoordinatorGrain>(id).GetStatusAsync() is not { } status)
            return NotFound(id);
        var bytes = await blobs.GetAsync(BlobKeys.Combine(status.ArtifactsPrefix, path), cancellationToken);
        return bytes is null
            ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "ArtifactNotFound", detail: $"Run {id} has no artifact '{path}'.")
            : Results.File(bytes, ContentTypeOf(path), Path.GetFileName(path));
    }

    /// <summary>By extension, so a browser shows a run's figures and report inline (the web UI's training page).</summary>
    private static string ContentTypeOf(string path) =>
        path.EndsWith(".md", StringComparison.OrdinalIgnoreCase) ? "text/markdown; charset=utf-8"
        : ArtifactTypes.TryGetContentType(path, out var type) ? type
        : "application/octet-stream";

    private static readonly Microsoft.AspNetCore.StaticFiles.FileExtensionContentTypeProvider ArtifactTypes = new();

    private static IResult NotFound(string id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "RunNotFound", detail: $"No training run '{id}'.");
}
