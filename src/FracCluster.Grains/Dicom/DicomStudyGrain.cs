using FracCluster.Contracts;
using FracCluster.Contracts.Dicom;
using FracCluster.Grains.Options;
using FracCluster.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace FracCluster.Grains.Dicom;

/// <summary>
/// A DICOM study (key = Study Instance UID). Instances are added when accepted and updated when their scans end; the
/// study is stable once every instance is final and <see cref="DicomOptions.StudyQuietSeconds"/> passed without news.
/// Then its result is fixed (verdict from the most suspicious instance) and its Structured Report is sent to each
/// destination, retried with exponential backoff; a destination that stays down or refuses leaves the study
/// <see cref="DicomStudyStatus.ExportFailed"/>, result kept. An instance arriving later reopens the study (a new report
/// follows, with its own UIDs since they derive from the instances).
/// Everything that matters is in grain state: the watch timer is restarted on activation, and with recovery on a
/// reminder brings the grain back after its silo died, so a study never stays Receiving or Exporting for good.
/// </summary>
public sealed partial class DicomStudyGrain(
    [PersistentState("study", FracStorageNames.Studies)] IPersistentState<DicomStudyState> state,
    IOptions<DicomOptions> options,
    IOptions<ScanRecoveryOptions> recoveryOptions,
    DicomStudyExporter exporter,
    FracMetrics metrics,
    TimeProvider time,
    ILogger<DicomStudyGrain> logger) : Grain, IDicomStudyGrain, IRemindable
{
    public const string WatchReminder = "study-watch";

    private readonly DicomOptions _options = options.Value;
    private IGrainTimer? _watch;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Study is { } study && !IsSettled(study))
            StartWatch();
        return Task.CompletedTask;
    }

    public async Task InstanceAcceptedAsync(DicomInstanceRef instance, string scannerId, string scanId, byte[] studyAttributes)
    {
        var study = state.State.Study;
        var known = study?.Instances.Any(i => i.Instance.SopInstanceUid == instance.SopInstanceUid) == true;
        if (known && state.State.StudyAttributes is not null)
            return;
        var now = time.GetUtcNow();
        study ??= new DicomStudyResult { StudyInstanceUid = this.GetPrimaryKeyString(), FirstInstanceAt = now, LastChangeAt = now };
        if (!known)
        {
            study = Reopened(study) with
            {
                Instances = [.. study.Instances, new DicomStudyInstance { Instance = instance, ScanId = scanId, ScannerId = scannerId, Status = ScanStatus.Pending }],
                LastChangeAt = now,
            };
        }
        state.State.StudyAttributes ??= studyAttributes;
        await SaveAsync(study);
    }

    public async Task InstanceCompletedAsync(ScanResult result)
    {
        if (result.Dicom is not { } instance || !result.IsFinal)
            return;
        var study = state.State.Study;
        var current = study?.Instances.FirstOrDefault(i => i.Instance.SopInstanceUid == instance.SopInstanceUid);
        if (current is { IsFinal: true })
            return;
        var now = time.GetUtcNow();
        study ??= new DicomStudyResult { StudyInstanceUid = this.GetPrimaryKeyString(), FirstInstanceAt = now, LastChangeAt = now };
        // Unknown only if its acceptance was never told here (the C-STORE was then not answered Success): take it anyway.
        var final = Final(current ?? new DicomStudyInstance { Instance = instance, ScanId = result.ScanId, ScannerId = result.ScannerId }, result);
        study = Reopened(study) with
        {
            Instances = current is null ? [.. study.Instances, final] : study.Instances.Select(i => i == current ? final : i).ToList(),
            LastChangeAt = now,
        };
        await SaveAsync(study);
    }

    public Task<DicomStudyResult?> GetAsync() => Task.FromResult(state.State.Study);

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        // The tick's work is to be here: activation restarted the watch, or the study is settled and the reminder goes.
        if (reminderName == WatchReminder && (state.State.Study is null || IsSettled(state.State.Study)))
            return StopReminderAsync();
        return Task.CompletedTask;
    }

    private async Task SaveAsync(DicomStudyResult study)
    {
        var previous = state.State.Study;
        state.State.Study = study;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Not stored: the caller fails (a C-STORE is then not answered Success) and the next call reloads.
            state.State.Study = previous;
            DeactivateOnIdle();
            throw;
        }
        if (!IsSettled(study))
        {
            StartWatch();
            if (recoveryOptions.Value.Enabled)
                await this.RegisterOrUpdateReminder(WatchReminder, recoveryOptions.Value.CheckPeriod, recoveryOptions.Value.CheckPeriod);
        }
    }

    private void StartWatch()
    {
        // Often enough that the quiet period is kept to a fraction of itself, never a busy loop.
        var period = TimeSpan.FromMilliseconds(Math.Clamp(_options.StudyQuietPeriod.TotalMilliseconds / 4, 50, 1000));
        _watch ??= this.RegisterGrainTimer(WatchAsync, period, period);
    }

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        if (state.State.Study is not { } study)
            return;
        if (study.Status == DicomStudyStatus.Receiving)
            study = await TryStabilizeAsync(study);
        if (study.Status == DicomStudyStatus.Exporting)
            study = await ExportDueAsync(study, cancellationToken);
        if (!ReferenceEquals(study, state.State.Study))
            await SaveAsync(study);
        if (IsSettled(study))
        {
            _watch?.Dispose();
            _watch = null;
            if (recoveryOptions.Value.Enabled)
                await StopReminderAsync();
        }
    }

    private async Task<DicomStudyResult> TryStabilizeAsync(DicomStudyResult study)
    {
        var now = time.GetUtcNow();
        if (now - study.LastChangeAt < _options.StudyQuietPeriod)
            return study;
        if (study.Instances.Any(i => !i.IsFinal))
        {
            // The completion message is best effort (sent without waiting, so the scan and the study never wait on
            // each other); the scan records are the truth, read only once the study is otherwise quiet.
            var refreshed = new List<DicomStudyInstance>(study.Instances.Count);
            foreach (var instance in study.Instances)
            {
                var record = instance.IsFinal ? null : await GrainFactory.GetGrain<IScanResultGrain>(instance.ScanId).GetAsync();
                refreshed.Add(record is { IsFinal: true } ? Final(instance, record) : instance);
            }
            if (refreshed.Any(i => !i.IsFinal))
                return study;
            // The last instance became final just now: that is news, so the quiet period starts again.
            return study with { Instances = refreshed, LastChangeAt = now };
        }

        var classified = study.Instances.Where(i => i.ProbabilityFractured is not null).ToList();
        var top = classified.MaxBy(i => i.ProbabilityFractured!.Value);
        var stable = study with
        {
            StableAt = now,
            HighestProbability = top?.ProbabilityFractured,
            MostSuspiciousSopInstanceUid = top?.Instance.SopInstanceUid,
            FracturePresent = top is null ? null : top.ProbabilityFractured!.Value >= _options.FractureThreshold,
            ModelVersion = top?.ModelVersion,
        };
        // Nothing classified means no finding to report; no destinations means the API is the only consumer.
        if (top is null || _options.Destinations.Count == 0)
        {
            LogStable(logger, study.StudyInstanceUid, study.Instances.Count, stable.HighestProbability);
            return stable with { Status = DicomStudyStatus.Stable, Exports = [] };
        }
        LogStable(logger, study.StudyInstanceUid, study.Instances.Count, stable.HighestProbability);
        return stable with
        {
            Status = DicomStudyStatus.Exporting,
            Exports = _options.Destinations.Select(d => new DicomStudyExport { Destination = d.Name, Status = DicomExportStatus.Pending, NextAttemptAt = now }).ToList(),
        };
    }

    private async Task<DicomStudyResult> ExportDueAsync(DicomStudyResult study, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = study.Exports.Where(e => e.Status == DicomExportStatus.Pending && e.NextAttemptAt <= now).ToList();
        if (due.Count == 0)
            return study;
        var report = exporter.BuildReport(study, state.State.StudyAttributes)!;
        var reportUid = report.GetString(FracCluster.Dicom.Data.DicomTags.SopInstanceUid);
        var exports = study.Exports.ToList();
        foreach (var export in due)
        {
            // A destination removed from the settings since the study became stable is given up, visibly.
            var destination = _options.Destinations.FirstOrDefault(d => d.Name == export.Destination);
            var attempt = destination is null
                ? new DicomExportAttempt(false, false, "no longer a configured destination")
                : await exporter.SendAsync(destination, report, cancellationToken);
            var attempts = export.Attempts + 1;
            DicomStudyExport next;
            if (attempt.Stored)
            {
                next = export with { Status = DicomExportStatus.Sent, Attempts = attempts, SentAt = time.GetUtcNow(), NextAttemptAt = null, LastError = null, ReportSopInstanceUid = reportUid };
                metrics.StudyExport("sent", export.Destination);
                LogSent(logger, study.StudyInstanceUid, export.Destination, attempts);
            }
            else if (attempt.Transient && attempts < _options.ExportMaxAttempts)
            {
                var wait = _options.ExportBackoff(attempts);
                next = export with { Attempts = attempts, LastError = attempt.Error, NextAttemptAt = time.GetUtcNow() + wait, ReportSopInstanceUid = reportUid };
                metrics.StudyExport("retry", export.Destination);
                LogRetry(logger, study.StudyInstanceUid, export.Destination, attempts, attempt.Error, wait.TotalSeconds);
            }
            else
            {
                next = export with { Status = DicomExportStatus.Failed, Attempts = attempts, LastError = attempt.Error, NextAttemptAt = null, ReportSopInstanceUid = reportUid };
                metrics.StudyExport("failed", export.Destination);
                LogFailed(logger, study.StudyInstanceUid, export.Destination, attempts, attempt.Error);
            }
            exports[exports.IndexOf(export)] = next;
        }

        var status = exports.Any(e => e.Status == DicomExportStatus.Pending) ? DicomStudyStatus.Exporting
            : exports.All(e => e.Status == DicomExportStatus.Sent) ? DicomStudyStatus.Exported
            : DicomStudyStatus.ExportFailed;
        return study with { Exports = exports, Status = status };
    }

    /// <summary>Receiving, Exporting: the grain still has work; the others wait for news (a late instance) only.</summary>
    private static bool IsSettled(DicomStudyResult study) =>
        study.Status is DicomStudyStatus.Stable or DicomStudyStatus.Exported or DicomStudyStatus.ExportFailed;

    /// <summary>News for a study that had settled: its result and report no longer hold; it waits for quiet again.</summary>
    private static DicomStudyResult Reopened(DicomStudyResult study) => study.Status == DicomStudyStatus.Receiving ? study : study with
    {
        Status = DicomStudyStatus.Receiving,
        StableAt = null,
        FracturePresent = null,
        HighestProbability = null,
        MostSuspiciousSopInstanceUid = null,
        ModelVersion = null,
        Exports = [],
    };

    private static DicomStudyInstance Final(DicomStudyInstance instance, ScanResult result) => instance with
    {
        Status = result.Status,
        ProbabilityFractured = result.Status == ScanStatus.Completed ? result.ProbabilityFractured : null,
        ModelVersion = result.ModelVersion,
        Reason = result.Reason,
    };

    private async Task StopReminderAsync()
    {
        try
        {
            if (await this.GetReminder(WatchReminder) is { } reminder)
                await this.UnregisterReminder(reminder);
        }
        catch (Exception ex)
        {
            // Harmless: the next tick finds the study settled and tries again.
            LogReminderNotStopped(logger, ex, this.GetPrimaryKeyString());
        }
    }

    [LoggerMessage(EventId = 9030, Level = LogLevel.Information, Message = "Study {StudyInstanceUid} is stable: {Instances} instances, highest P(fractured) {Highest}")]
    private static partial void LogStable(ILogger logger, string studyInstanceUid, int instances, float? highest);

    [LoggerMessage(EventId = 9031, Level = LogLevel.Information, Message = "Study {StudyInstanceUid}: report stored by {Destination} (try {Attempt})")]
    private static partial void LogSent(ILogger logger, string studyInstanceUid, string destination, int attempt);

    [LoggerMessage(EventId = 9032, Level = LogLevel.Warning, Message = "Study {StudyInstanceUid}: report not stored by {Destination} (try {Attempt}): {Error}; next try in {WaitSeconds:F1} s")]
    private static partial void LogRetry(ILogger logger, string studyInstanceUid, string destination, int attempt, string? error, double waitSeconds);

    [LoggerMessage(EventId = 9033, Level = LogLevel.Error, Message = "Study {StudyInstanceUid}: gave up sending the report to {Destination} after {Attempts} tries: {Error}; the study is ExportFailed")]
    private static partial void LogFailed(ILogger logger, string studyInstanceUid, string destination, int attempts, string? error);

    [LoggerMessage(EventId = 9034, Level = LogLevel.Debug, Message = "Study {StudyInstanceUid}: the watch reminder could not be removed yet")]
    private static partial void LogReminderNotStopped(ILogger logger, Exception exception, string studyInstanceUid);
}
