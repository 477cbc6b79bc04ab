using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FracCluster.Storage.Hosting;

public static class BlobStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="BlobStoreOptions"/> bound from <paramref name="section"/> (usually <c>configuration.GetSection("BlobStore")</c>),
    /// validated on start, and a singleton <see cref="IBlobStore"/> for the configured provider.
    /// </summary>
    public static IServiceCollection AddFracBlobStore(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptions<BlobStoreOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BlobStoreOptions>, BlobStoreOptionsValidator>());
        services.TryAddSingleton<IBlobStore>(sp => BlobStoreFactory.Create(
            sp.GetRequiredService<IOptions<BlobStoreOptions>>().Value,
            sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance));
        return services;
    }
}
