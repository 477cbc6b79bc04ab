using FracCluster.Silo.Api;
using Microsoft.Extensions.Options;

namespace FracCluster.Silo.Hosting;

/// <summary>Builds and runs the silo host; turns bad settings into a clear message and a non-zero exit code.</summary>
public static class FracSiloApp
{
    public const int ExitBadSettings = 2;

    public const int ExitStartFailed = 1;

    /// <summary>The configured app; <paramref name="configure"/> lets tests and embedders add or replace services first.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // appsettings.json ships beside the binary; the data folder (Frac:Storage:Root) stays relative to where the silo is started.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
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
        catch (IOException ex) when (ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            await Console.Error.WriteLineAsync($"FracCluster silo: {ex.Message} Another silo runs here? Give each local silo its own --silo-index N.");
            return ExitStartFailed;
        }
    }
}
