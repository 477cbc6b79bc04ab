using Orleans.Runtime;

namespace FracCluster.Grains.Placement;

/// <summary>
/// Keys of silo-bound grains: "{silo}" for a silo's control grain, "{silo}/{device}" for a model grain, where {silo} is
/// <see cref="SiloAddress.ToParsableString"/>. A restarted silo has a new address, hence new keys.
/// </summary>
public static class SiloKeys
{
    public static string Model(SiloAddress silo, string device) => $"{silo.ToParsableString()}/{device}";

    public static string Control(SiloAddress silo) => silo.ToParsableString();

    /// <summary>The silo part of a silo-bound key.</summary>
    public static SiloAddress SiloOf(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var silo = slash < 0 ? key : key[..slash];
        try
        {
            return SiloAddress.FromParsableString(silo);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or IndexOutOfRangeException)
        {
            throw new ArgumentException($"'{key}' is not a silo-bound grain key ('{{silo}}' or '{{silo}}/{{device}}').", nameof(key), ex);
        }
    }

    /// <summary>The device part of a model grain key.</summary>
    public static string DeviceOf(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || slash == key.Length - 1)
            throw new ArgumentException($"'{key}' is not a model grain key ('{{silo}}/{{device}}').", nameof(key));
        return key[(slash + 1)..];
    }
}
