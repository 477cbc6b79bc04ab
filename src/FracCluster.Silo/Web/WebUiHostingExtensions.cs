using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FracCluster.Silo.Web;

/// <summary>Wiring of the web UI (<see cref="WebUiOptions"/>): services, then pages and data endpoints.</summary>
public static class WebUiHostingExtensions
{
    public static IServiceCollection AddFracWebUi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebUiOptions>().Bind(configuration.GetSection(WebUiOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebUiOptions>, WebUiOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<UiSessions>();
        services.TryAddSingleton<UiAssets>();
        services.TryAddSingleton<IntakeRefusalTally>();
        services.AddSingleton<UiSessionEndpointFilter>();
        return services;
    }

    /// <summary>Maps <c>/ui/…</c> unless <c>Frac:Web:Enabled</c> is off.</summary>
    public static WebApplication MapFracWebUi(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<WebUiOptions>>().Value.Enabled)
            return app;
        // Created now, so the cluster page counts refusals from the start and a missing asset stops the start.
        app.Services.GetRequiredService<IntakeRefusalTally>();
        app.Services.GetRequiredService<UiAssets>().Get("index.html");
        app.MapWebUiPages();
        app.MapWebUiData();
        return app;
    }
}
