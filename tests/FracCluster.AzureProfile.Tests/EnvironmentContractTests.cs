using System.Reflection;
using FracCluster.Deploy.Tests.Contracts;
using FracCluster.Grains.Options;
using FracCluster.Silo.Options;

namespace FracCluster.AzureProfile.Tests;

/// <summary>Every variable the deployments set (the env contract) binds a setting the silo actually has.</summary>
public sealed class EnvironmentContractTests
{
    private static readonly Dictionary<string, Type> Sections = new(StringComparer.Ordinal)
    {
        [FracClusterOptions.Section] = typeof(FracClusterOptions),
        [FracStorageOptions.Section] = typeof(FracStorageOptions),
        [FracStreamsOptions.Section] = typeof(FracStreamsOptions),
        [ModelsOptions.Section] = typeof(ModelsOptions),
        [ApiOptions.Section] = typeof(ApiOptions),
        [FracCluster.Silo.Security.ClusterTlsOptions.Section] = typeof(FracCluster.Silo.Security.ClusterTlsOptions),
    };

    [Fact]
    public void Every_contract_variable_binds_a_writable_property_of_a_silo_options_class()
    {
        var unbound = new List<string>();
        foreach (var variable in SiloEnvironmentContract.Variables.Where(v => v.Name.StartsWith("Frac__", StringComparison.Ordinal)))
        {
            var parts = variable.ConfigurationKey.Split(':');
            var section = $"{parts[0]}:{parts[1]}";
            var property = Sections.TryGetValue(section, out var type)
                ? type.GetProperty(parts[2], BindingFlags.Public | BindingFlags.Instance)
                : null;
            var bindable = property is not null && (property.CanWrite || parts.Length == 4 && typeof(System.Collections.IList).IsAssignableFrom(property.PropertyType));
            if (!bindable)
                unbound.Add(variable.Name);
        }
        Assert.Empty(unbound);
    }
}
