using FracCluster.Silo.Api;
using Microsoft.Extensions.Options;

namespace FracCluster.Silo.Hosting;

/// <summary>Builds and runs the silo host; turns bad settings into a clear message and a non-zero exit code.</summary>
public static class FracSiloApp
{
    public const int ExitBadSettings = 2;

    /// <summary>The configured app; <paramref name="configure"/> lets tests and embedders add or replace services first.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.UseFracDefaultUrls();
        builder.AddFracSilo();
        var app = builder.Build();
        app.MapFracEndpoints();
        return app;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            await Build(args).RunAsync();
            return 0;
        }
        catch (OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync("FracCluster silo: invalid settings:");
            foreach (var failure in ex.Failures)
                await Console.Error.WriteLineAsync($"  - {failure}");
            await Console.Error.WriteLineAsync("Settings come from appsettings.json and environment variables Frac__Section__Key (e.g. Frac__Batching__MaxBatchSize=16).");
            return ExitBadSettings;
        }
        catch (Exception ex) when (ex is ProviderNotAvailableException or ApiKeyFileNotFoundException)
        {
            await Console.Error.WriteLineAsync($"FracCluster silo: {ex.Message}");
            return ExitBadSettings;
        }
    }
}
