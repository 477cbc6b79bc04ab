using FracCluster.Contracts.Dicom;
using FracCluster.Dicom.Codec;

namespace FracCluster.Silo.Api;

/// <summary><c>/v1/studies/{studyInstanceUid}</c>: a DICOM study received by C-STORE, its result and its export state.</summary>
public static class StudyEndpoints
{
    public static IEndpointRouteBuilder MapStudyEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/v1").MapGet("/studies/{studyInstanceUid}", GetAsync).AddEndpointFilter<ApiKeyEndpointFilter>()
            .WithSummary("A DICOM study: status (Receiving, Stable, Exporting, Exported, ExportFailed), per-instance probabilities, verdict and most suspicious instance, model version, report export per destination.");
        return app;
    }

    private static async Task<IResult> GetAsync(string studyInstanceUid, IGrainFactory grains)
    {
        if (!DicomUid.IsValid(studyInstanceUid))
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "BadStudyInstanceUid", detail: "A Study Instance UID is up to 64 digits and dots.");
        var study = await grains.GetGrain<IDicomStudyGrain>(studyInstanceUid).GetAsync();
        return study is null ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "UnknownStudy") : Results.Ok(study);
    }
}
