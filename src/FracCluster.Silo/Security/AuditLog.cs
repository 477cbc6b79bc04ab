using System.Diagnostics.Metrics;
using System.Text;
using System.Text.Json;
using FracCluster.Grains.Telemetry;
using FracCluster.Silo.Options;
using Microsoft.Extensions.Options;

namespace FracCluster.Silo.Security;

/// <summary>
/// Who did what to the cluster (loaded or rolled back a model, started or cancelled a training run): one JSON line per
/// action in <see cref="AuditOptions.Path"/>, the same as a structured log event (category <c>FracCluster.Audit</c>),
/// and a count in <c>fraccluster.audit.events</c> by action and outcome. Entries name the credential, never a key.
/// </summary>
public sealed partial class AuditLog
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly string _path;
    private readonly string _silo;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Counter<long> _events;
    private readonly Lock _gate = new();

    public AuditLog(IOptions<AuditOptions> options, IOptions<FracStorageOptions> storage, IOptions<FracClusterOptions> cluster,
        IMeterFactory meters, TimeProvider time, ILoggerFactory loggers)
    {
        _path = System.IO.Path.GetFullPath(string.IsNullOrWhiteSpace(options.Value.Path)
            ? System.IO.Path.Combine(storage.Value.Root, "audit", "audit.jsonl")
            : options.Value.Path);
        _silo = cluster.Value.SiloName ?? Environment.MachineName;
        _time = time;
        _logger = loggers.CreateLogger("FracCluster.Audit");
        _events = meters.Create(FracMetrics.MeterName).CreateCounter<long>("fraccluster.audit.events", "{event}", "Audited actions (model load and rollback, training start and cancel), by action and outcome.");
    }

    public string Path => _path;

    /// <summary>Records an action; <paramref name="outcome"/> is "ok" or why it failed. Never throws: a full disk is logged.</summary>
    public void Record(ApiCredential who, string action, string target, string outcome = "ok")
    {
        var entry = new AuditEntry(_time.GetUtcNow(), who.Name, who.Role.ToString(), action, target, outcome, _silo);
        LogAudit(_logger, who.Name, action, target, outcome);
        _events.Add(1, new KeyValuePair<string, object?>("action", action), new KeyValuePair<string, object?>("outcome", outcome == "ok" ? "ok" : "failed"));
        var line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(entry, Json) + "\n");
        try
        {
            lock (_gate)
            {
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(_path)!);
                using var file = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
                file.Write(line);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogWriteFailed(_logger, ex, _path);
        }
    }

    private sealed record AuditEntry(DateTimeOffset At, string Who, string Role, string Action, string Target, string Outcome, string Silo);

    [LoggerMessage(EventId = 5020, Level = LogLevel.Information, Message = "Audit: {Who} {Action} {Target}: {Outcome}")]
    private static partial void LogAudit(ILogger logger, string who, string action, string target, string outcome);

    [LoggerMessage(EventId = 5021, Level = LogLevel.Error, Message = "Could not append to the audit log {Path}")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string path);
}
