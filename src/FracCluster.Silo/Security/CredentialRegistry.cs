using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using FracCluster.Grains.Intake;
using FracCluster.Silo.Options;
using Microsoft.Extensions.Options;

namespace FracCluster.Silo.Security;

/// <summary>
/// The named credentials besides the single operator key: those in <c>Frac:Api:Credentials</c> and those in
/// <c>Frac:Api:CredentialsFile</c>. The file is looked at again (at most once a second) when a key is checked, so keys
/// are added, rotated and revoked by rewriting it, without a restart. A file that is invalid at start stops the silo; one
/// that becomes invalid later is logged and the last good set stays in force.
/// </summary>
public sealed partial class CredentialRegistry
{
    private static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(1);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private readonly IReadOnlyList<Entry> _configured;
    private readonly string? _file;
    private readonly TimeProvider _time;
    private readonly ILogger<CredentialRegistry> _logger;
    private readonly Lock _gate = new();
    private IReadOnlyList<Entry> _fromFile = [];
    private (DateTime Written, long Length) _fileStamp;
    private long _checkedAt;

    public CredentialRegistry(IOptions<ApiOptions> options, TimeProvider time, ILogger<CredentialRegistry> logger)
    {
        _time = time;
        _logger = logger;
        _configured = Parse(options.Value.Credentials, $"{ApiOptions.Section}:Credentials");
        _file = options.Value.CredentialsFile is { } file ? Path.GetFullPath(file) : null;
        if (_file is not null)
        {
            if (!File.Exists(_file))
                throw new InvalidOperationException($"{ApiOptions.Section}:CredentialsFile {_file} does not exist.");
            _fileStamp = Stamp(_file);
            _fromFile = ReadFile(_file);
            _checkedAt = time.GetTimestamp();
        }
        CheckUniqueNames(_configured.Concat(_fromFile));
        LogLoaded(logger, _configured.Count, _fromFile.Count, _file ?? "(none)");
    }

    /// <summary>The credential whose key hashes to <paramref name="keySha256"/>, compared in constant time per entry.</summary>
    public ApiCredential? Find(ReadOnlySpan<byte> keySha256)
    {
        ApiCredential? found = null;
        foreach (var entry in _configured.Concat(Current()))
        {
            // Every entry is compared, so timing does not tell which one (or whether any) matched.
            if (CryptographicOperations.FixedTimeEquals(entry.Hash, keySha256))
                found ??= entry.Credential;
        }
        return found;
    }

    public int Count => _configured.Count + Current().Count;

    /// <summary>SHA-256 of a key as stored in settings: the trimmed key's UTF-8 bytes.</summary>
    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key.Trim()));

    private IReadOnlyList<Entry> Current()
    {
        if (_file is null || _time.GetElapsedTime(Interlocked.Read(ref _checkedAt)) < RecheckInterval)
            return _fromFile;
        lock (_gate)
        {
            if (_time.GetElapsedTime(_checkedAt) < RecheckInterval)
                return _fromFile;
            Interlocked.Exchange(ref _checkedAt, _time.GetTimestamp());
            try
            {
                var stamp = Stamp(_file);
                if (stamp == _fileStamp)
                    return _fromFile;
                var entries = ReadFile(_file);
                CheckUniqueNames(_configured.Concat(entries));
                _fromFile = entries;
                _fileStamp = stamp;
                LogReloaded(_logger, entries.Count, _file);
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or UnauthorizedAccessException)
            {
                LogReloadFailed(_logger, ex, _file);
            }
            return _fromFile;
        }
    }

    private static (DateTime, long) Stamp(string file)
    {
        var info = new FileInfo(file);
        return (info.LastWriteTimeUtc, info.Length);
    }

    private static IReadOnlyList<Entry> ReadFile(string file)
    {
        var text = File.ReadAllText(file);
        if (string.IsNullOrWhiteSpace(text))
            throw new InvalidOperationException($"The credentials file {file} is empty.");
        List<ApiCredentialSetting>? settings;
        try
        {
            settings = JsonSerializer.Deserialize<List<ApiCredentialSetting>>(text, Json);
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"The credentials file {file} is not a JSON array of credentials: {ex.Message}", ex);
        }
        if (settings is null || settings.Count == 0)
            throw new InvalidOperationException($"The credentials file {file} holds no credential.");
        return Parse(settings, file);
    }

    private static IReadOnlyList<Entry> Parse(IEnumerable<ApiCredentialSetting> settings, string source)
    {
        var entries = new List<Entry>();
        foreach (var s in settings)
        {
            if (string.IsNullOrWhiteSpace(s.Name))
                throw new InvalidOperationException($"A credential in {source} has no name.");
            if (s.KeySha256.Length != 64 || !s.KeySha256.All(Uri.IsHexDigit))
                throw new InvalidOperationException($"Credential '{s.Name}' in {source}: keySha256 must be the 64 hex digits of the key's SHA-256, not the key.");
            var ids = s.ScannerIds.Select(i => i.Trim()).ToHashSet(StringComparer.Ordinal);
            if (s.Role == ApiRole.Scanner && ids.Count == 0)
                throw new InvalidOperationException($"Scanner credential '{s.Name}' in {source} names no scanner id.");
            if (ids.FirstOrDefault(i => !ScanIds.IsValidName(i)) is { } bad)
                throw new InvalidOperationException($"Credential '{s.Name}' in {source}: '{bad}' is not a valid scanner id.");
            var credential = new ApiCredential(s.Name.Trim(), s.Role, s.Role == ApiRole.Operator ? new HashSet<string>() : ids);
            entries.Add(new Entry(Convert.FromHexString(s.KeySha256), credential));
        }
        return entries;
    }

    private static void CheckUniqueNames(IEnumerable<Entry> entries)
    {
        var duplicate = entries.GroupBy(e => e.Credential.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidOperationException($"Two credentials are named '{duplicate.Key}': names identify callers in the audit log.");
    }

    private sealed record Entry(byte[] Hash, ApiCredential Credential);

    [LoggerMessage(EventId = 5010, Level = LogLevel.Information, Message = "Credentials: {Configured} from settings, {FromFile} from {File}")]
    private static partial void LogLoaded(ILogger logger, int configured, int fromFile, string file);

    [LoggerMessage(EventId = 5011, Level = LogLevel.Information, Message = "Credentials file {File} changed: {Count} credentials now in force")]
    private static partial void LogReloaded(ILogger logger, int count, string file);

    [LoggerMessage(EventId = 5012, Level = LogLevel.Error, Message = "Credentials file {File} changed but cannot be used; the previous credentials stay in force")]
    private static partial void LogReloadFailed(ILogger logger, Exception exception, string file);
}
