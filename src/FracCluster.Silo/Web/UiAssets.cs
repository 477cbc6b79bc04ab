using System.Reflection;
using System.Security.Cryptography;

namespace FracCluster.Silo.Web;

/// <summary>
/// The pages, stylesheet and script of the web UI, embedded in the silo assembly (no files to deploy, no CDN, no
/// build step), read once at start.
/// </summary>
public sealed class UiAssets
{
    private const string ResourcePrefix = "FracCluster.Silo.Web.Assets.";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
    };

    private readonly Dictionary<string, UiAsset> _assets = new(StringComparer.Ordinal);

    public UiAssets()
    {
        var assembly = typeof(UiAssets).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var name = resource[ResourcePrefix.Length..];
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var bytes = buffer.ToArray();
            var type = ContentTypes.GetValueOrDefault(Path.GetExtension(name), "application/octet-stream");
            _assets[name] = new UiAsset(name, bytes, type, $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]}\"");
        }
    }

    public UiAsset? Find(string name) => _assets.GetValueOrDefault(name);

    public UiAsset Get(string name) =>
        Find(name) ?? throw new InvalidOperationException($"The web UI asset '{name}' is not embedded in {Assembly.GetExecutingAssembly().GetName().Name}.");
}

/// <summary>One embedded file with its content type and a strong ETag of its bytes.</summary>
public sealed record UiAsset(string Name, byte[] Bytes, string ContentType, string ETag);
