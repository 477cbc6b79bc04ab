using System.Net;
using Microsoft.Extensions.Options;

namespace FracCluster.Silo.Options;

public sealed class FracClusterOptionsValidator : IValidateOptions<FracClusterOptions>
{
    public ValidateOptionsResult Validate(string? name, FracClusterOptions o)
    {
        var s = FracClusterOptions.Section;
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(o.ClusterId))
            errors.Add($"{s}:ClusterId must not be empty.");
        if (string.IsNullOrWhiteSpace(o.ServiceId))
            errors.Add($"{s}:ServiceId must not be empty.");
        if (o.SiloIndex is < 0 or > 99)
            errors.Add($"{s}:SiloIndex (--silo-index) must be between 0 and 99 (got {o.SiloIndex}).");
        if (o.EffectiveSiloPort is < 1 or > 65535)
            errors.Add($"{s}:SiloPort + SiloIndex must be a TCP port (got {o.EffectiveSiloPort}).");
        if (o.EffectiveGatewayPort is < 1 or > 65535)
            errors.Add($"{s}:GatewayPort + SiloIndex must be a TCP port (got {o.EffectiveGatewayPort}).");
        if (o.EffectiveSiloPort == o.EffectiveGatewayPort)
            errors.Add($"{s}:SiloPort and GatewayPort must differ (both {o.EffectiveSiloPort}).");
        if (o.AdvertisedIp is { Length: > 0 } ip && !IPAddress.TryParse(ip, out _))
            errors.Add($"{s}:AdvertisedIp '{ip}' is not an IP address.");
        if (o.PrimarySiloEndpoint is { Length: > 0 } primary && !IPEndPoint.TryParse(primary, out _))
            errors.Add($"{s}:PrimarySiloEndpoint '{primary}' is not host:port with an IP address (e.g. 127.0.0.1:11111).");
        if (o.Provider == ClusterProvider.Redis && string.IsNullOrWhiteSpace(o.ConnectionString))
            errors.Add($"{s}:ConnectionString is required for Provider {o.Provider}.");
        // Redis gives membership only: this build registers no reminder service with it, and the training
        // coordinator's restart loop and scan recovery both need reminders. A silo that starts anyway fails its first
        // training run (and, with Frac:Recovery on, every accepted scan) at run time; refusing it here says why.
        if (o.Provider == ClusterProvider.Redis)
            errors.Add($"{s}:Provider Redis registers no reminder service, which training runs and scan recovery need; use AzureTable (membership and reminders in Azure Table storage) or Localhost.");
        if (o.Provider == ClusterProvider.AzureTable)
            AzureEndpointRules.Check(s, o.ConnectionString, o.ServiceUri, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
