using System.Net;
using System.Net.Http.Json;
using FracCluster.Contracts.Training;

namespace FracCluster.AzureProfile.Tests.Infrastructure;

/// <summary>The training side of the HTTP API: start a run, read its status, fetch an artifact.</summary>
public static class TrainingClient
{
    public static async Task<TrainingRunStatus> StartAsync(HttpClient http, TrainingRunRequest request)
    {
        using var response = await http.PostAsJsonAsync("/v1/training", request, ScanClient.Json);
        if (response.StatusCode != HttpStatusCode.Accepted)
            throw new InvalidOperationException($"POST /v1/training answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<TrainingRunStatus>(ScanClient.Json))!;
    }

    /// <summary>The run's status, or null while its coordinator is moving (503 CoordinatorMoving) or the call timed out.</summary>
    public static async Task<TrainingRunStatus?> StatusAsync(HttpClient http, string runId)
    {
        using var response = await http.GetAsync($"/v1/training/{runId}");
        if (response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.InternalServerError)
            return null;
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<TrainingRunStatus>(ScanClient.Json);
    }

    /// <summary>Polls until <paramref name="condition"/> holds; a failed run ends the wait with its error.</summary>
    public static async Task<TrainingRunStatus> WaitAsync(HttpClient http, string runId, Func<TrainingRunStatus, bool> condition, TimeSpan timeout, string what)
    {
        TrainingRunStatus? last = null;
        try
        {
            await Poll.UntilAsync(async () =>
            {
                var status = await StatusAsync(http, runId);
                if (status is null)
                    return false;
                last = status;
                if (status.Phase is TrainingPhase.Failed or TrainingPhase.Cancelled)
                    throw new InvalidOperationException($"Run {runId} ended {status.Phase}: {status.Error}");
                return condition(status);
            }, timeout, what, TimeSpan.FromMilliseconds(150));
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message} Last seen: {Describe(last)}.", ex);
        }
        return last!;
    }

    public static async Task<string> ArtifactAsync(HttpClient http, string runId, string path) =>
        await http.GetStringAsync($"/v1/training/{runId}/artifacts/{path}");

    private static string Describe(TrainingRunStatus? s) =>
        s is null ? "nothing yet" : FormattableString.Invariant($"{s.Phase}, epoch {s.Epoch}/{s.Request.Epochs}, coordinator {s.CoordinatorSilo}, resumes {s.Resumes}");
}
