namespace FracCluster.Silo.Hosting;

/// <summary>A configured provider this build does not include.</summary>
public sealed class ProviderNotAvailableException(string section, string provider)
    : Exception($"{section}:Provider '{provider}' is not available in this build; use the embedded default or the production profile build.")
{
    public string Section { get; } = section;

    public string Provider { get; } = provider;
}
