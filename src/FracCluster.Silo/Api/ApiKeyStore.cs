using System.Security.Cryptography;
using System.Text;
using FracCluster.Silo.Options;
using FracCluster.Silo.Security;
using Microsoft.Extensions.Options;

namespace FracCluster.Silo.Api;

/// <summary>
/// The operator key: <c>Frac:Api:ApiKey</c>, else the file <c>Frac:Api:ApiKeyFile</c>, else (embedded default)
/// <c>{Frac:Storage:Root}/api-key</c>, created with a random key on first start; and through
/// <see cref="CredentialRegistry"/> the named scanner and operator credentials. Keys are never logged; only where the
/// operator key is stored.
/// </summary>
public sealed partial class ApiKeyStore
{
    public const string HeaderName = "X-Api-Key";

    private static readonly ApiCredential OperatorKey = new(ApiOptions.OperatorKeyName, ApiRole.Operator, new HashSet<string>());

    private readonly byte[] _key;
    private readonly CredentialRegistry _credentials;

    public ApiKeyStore(IOptions<ApiOptions> api, IOptions<FracStorageOptions> storage, CredentialRegistry credentials, ILogger<ApiKeyStore> logger)
    {
        _credentials = credentials;
        string key;
        if (api.Value.ApiKey is { } configured)
        {
            key = configured.Trim();
            Source = $"setting {ApiOptions.Section}:ApiKey";
        }
        else if (api.Value.ApiKeyFile is { } file)
        {
            if (!File.Exists(file))
                throw new ApiKeyFileNotFoundException(file);
            key = File.ReadAllText(file).Trim();
            if (key.Length == 0)
                throw new InvalidOperationException($"The API key file {file} is empty.");
            if (key.Length < ApiOptionsValidator.MinimumKeyLength)
                throw new InvalidOperationException($"The API key in {file} is shorter than {ApiOptionsValidator.MinimumKeyLength} characters.");
            Source = Path.GetFullPath(file);
        }
        else
        {
            var path = Path.GetFullPath(Path.Combine(storage.Value.Root, "api-key"));
            Source = path;
            if (File.Exists(path))
            {
                key = File.ReadAllText(path).Trim();
            }
            else
            {
                key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                    options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                using (var writer = new StreamWriter(path, Encoding.ASCII, options))
                    writer.Write(key);
                Created = true;
                LogCreated(logger, path);
            }
        }
        _key = Encoding.UTF8.GetBytes(key);
        LogUsing(logger, Source);
    }

    /// <summary>Where the key came from (a setting name or a file path), never the key.</summary>
    public string Source { get; }

    /// <summary>True when this start generated the key file.</summary>
    public bool Created { get; }

    /// <summary>Constant-time comparison, so response timing does not leak how much of a guess was right.</summary>
    public bool IsValid(string? candidate) =>
        candidate is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate.Trim()), _key);

    /// <summary>
    /// Who sends <paramref name="candidate"/>: the operator key, else a named credential (by the key's SHA-256, in
    /// constant time); null when it matches none.
    /// </summary>
    public ApiCredential? Authenticate(string? candidate)
    {
        if (candidate is null)
            return null;
        if (IsValid(candidate))
            return OperatorKey;
        return _credentials.Find(CredentialRegistry.Hash(candidate));
    }

    /// <summary>
    /// A secret for <paramref name="purpose"/> derived from the key (HMAC-SHA256), so features that sign things (the web
    /// UI's sessions) share nothing but the key between silos, and rotating the key ends them.
    /// </summary>
    public byte[] DeriveSecret(string purpose) => HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(purpose));

    /// <summary>The key from the X-Api-Key header, or the password of HTTP Basic authentication (browsers, for the dashboard).</summary>
    public static string? FromRequest(HttpRequest request)
    {
        if (request.Headers.TryGetValue(HeaderName, out var header) && header.Count > 0)
            return header[0];
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization["Basic ".Length..].Trim()));
                var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                return colon < 0 ? decoded : decoded[(colon + 1)..];
            }
            catch (FormatException)
            {
                return null;
            }
        }
        return null;
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Created a new API key in {Path}; send it as the X-Api-Key header")]
    private static partial void LogCreated(ILogger logger, string path);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "API key from {Source}")]
    private static partial void LogUsing(ILogger logger, string source);
}
