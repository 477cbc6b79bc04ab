using System.Globalization;
using System.Text.RegularExpressions;
using FracCluster.Contracts;
using FracCluster.Grains.Intake;
using FracCluster.Grains.Options;
using FracCluster.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace FracCluster.Grains;

/// <summary>
/// The retention sweep. Intake files image bytes by arrival day (<c>{prefix}/yyyy/MM/dd/{scanId}-{hash}</c>), so what
/// has expired is found by listing the intake prefix and reading the day from each key; each such scan is erased
/// through its own record (<see cref="IScanResultGrain.EraseAsync"/>: bytes, overlay, record), and a blob with no record
/// behind it (stored, then registration failed) is deleted directly.
/// </summary>
public sealed partial class ScanRetentionGrain(
    IBlobStore blobs,
    IOptions<RetentionOptions> retention,
    IOptions<IntakeOptions> intake,
    TimeProvider time,
    ILogger<ScanRetentionGrain> logger) : Grain, IScanRetentionGrain, IRemindable
{
    public const string SweepReminder = "retention-sweep";

    public async Task EnsureScheduledAsync()
    {
        var period = TimeSpan.FromMinutes(retention.Value.SweepPeriodMinutes);
        await this.RegisterOrUpdateReminder(SweepReminder, period, period);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == SweepReminder)
            await SweepAsync();
    }

    public async Task<RetentionSweep> SweepAsync()
    {
        var cutoff = time.GetUtcNow().UtcDateTime.Date.AddDays(-retention.Value.Days);
        var prefix = intake.Value.BlobPrefix.TrimEnd('/') + "/";
        var expired = new List<string>();
        await foreach (var key in blobs.ListAsync(prefix))
        {
            if (ArrivalDay(key[prefix.Length..]) is { } day && day < cutoff)
                expired.Add(key);
        }

        int erased = 0, orphans = 0, pending = 0;
        foreach (var key in expired.Where(k => !k.EndsWith(HeatmapSuffix, StringComparison.Ordinal)))
        {
            var outcome = await GrainFactory.GetGrain<IScanResultGrain>(ScanIdOf(key)).EraseAsync();
            switch (outcome)
            {
                case EraseOutcome.Erased:
                    erased++;
                    break;
                case EraseOutcome.Pending:
                    pending++;
                    continue;
                case EraseOutcome.NotFound:
                    orphans++;
                    break;
            }
            // The record may have named other bytes (a client scan id reused); these go too.
            await blobs.DeleteAsync(key);
            await blobs.DeleteAsync(key + HeatmapSuffix);
        }
        // Overlays whose image is already gone.
        foreach (var key in expired.Where(k => k.EndsWith(HeatmapSuffix, StringComparison.Ordinal)))
            await blobs.DeleteAsync(key);

        var sweep = new RetentionSweep { Erased = erased, Orphans = orphans, Pending = pending, Cutoff = new DateTimeOffset(cutoff, TimeSpan.Zero) };
        LogSwept(logger, erased, orphans, pending, sweep.Cutoff);
        return sweep;
    }

    private static readonly string HeatmapSuffix = ScanIds.HeatmapKey(string.Empty);

    /// <summary>The day in <c>yyyy/MM/dd/name</c>, or null for a key not laid out that way (left alone).</summary>
    private static DateTime? ArrivalDay(string relative)
    {
        var parts = relative.Split('/');
        if (parts.Length != 4)
            return null;
        return DateTime.TryParseExact($"{parts[0]}-{parts[1]}-{parts[2]}", "yyyy-MM-dd", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var day) ? day : null;
    }

    /// <summary>The scan id in a key's last segment: the name without the <c>-{16 hex}</c> hash suffix intake adds.</summary>
    private static string ScanIdOf(string key)
    {
        var name = key[(key.LastIndexOf('/') + 1)..];
        return HashSuffix().Replace(name, string.Empty);
    }

    [GeneratedRegex("-[0-9a-f]{16}$")]
    private static partial Regex HashSuffix();

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Retention sweep: {Erased} scans erased, {Orphans} orphaned blobs deleted, {Pending} expired scans still pending (cutoff {Cutoff})")]
    private static partial void LogSwept(ILogger logger, int erased, int orphans, int pending, DateTimeOffset cutoff);
}
