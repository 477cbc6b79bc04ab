using FracCluster.Contracts.Dicom;
using FracCluster.Dicom.Codec;
using FracCluster.Silo.Security;

namespace FracCluster.Silo.Api;

/// <summary><c>/v1/studies/{studyInstanceUid}</c>: a DICOM study received by C-STORE, its result and its export state.</summary>
public static class StudyEndpoints
{
    public static IEndpointRouteBuilder MapStudyEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/v1").MapGet("/studies/{studyInstanceUid}", GetAsync).AddEndpointFilter<ApiKeyEndpointFilter>()
            .WithSummary("A DICOM study (a scanner credential sees it only when every instance is its own): status (Receiving, Stable, Exporting, Exported, ExportFailed), per-instance probabilities, verdict and most suspicious instance, model version, report export per destination.");
        return app;
    }

    private static async Task<IResult> GetAsync(string studyInstanceUid, HttpContext http, IGrainFactory grains)
    {
        if (!DicomUid.IsValid(studyInstanceUid))
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "BadStudyInstanceUid", detail: "A Study Instance UID is up to 64 digits and dots.");
        var study = await grains.GetGrain<IDicomStudyGrain>(studyInstanceUid).GetAsync();
        // A study may hold several scanners' instances: a scanner credential sees it only if it may see every one.
        var caller = http.Caller();
        var visible = study is not null && (caller.IsOperator || study.Instances.All(i => i.ScannerId is { } id && caller.MayActAs(id)));
        return visible ? Results.Ok(study) : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "UnknownStudy");
    }
}
