using FracCluster.Grains.Models;

namespace FracCluster.Silo.Api;

/// <summary>
/// <c>/healthz</c>: the process serves HTTP. <c>/readyz</c>: every model grain of this silo has loaded its model and run
/// a warm-up batch (a Kubernetes readiness probe keeps traffic away until then).
/// </summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapGet("/readyz", (LocalModelRegistry registry) =>
        {
            var models = registry.Snapshot();
            return registry.AllReady
                ? Results.Ok(new { ready = true, models })
                : Results.Json(new { ready = false, models }, statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        return app;
    }
}
