using System.Text.Json.Serialization;
using FracCluster.Grains.Hosting;
using FracCluster.Grains.Options;
using FracCluster.Grains.Telemetry;
using FracCluster.Silo.Api;
using FracCluster.Silo.Options;
using FracCluster.Silo.Security;
using FracCluster.Silo.Web;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace FracCluster.Silo.Hosting;

/// <summary>
/// Everything a FracCluster silo host needs: settings (validated at start), blob store, Orleans silo with the serving
/// pipeline, HTTP API, dashboard and metrics. Provider choices live in <see cref="FracProviderExtensions"/>.
/// </summary>
public static class FracSiloHostingExtensions
{
    /// <summary>HTTP port of silo 0 when no URL is configured; silo N uses this + N.</summary>
    public const int DefaultHttpPort = 5080;

    public static IHostApplicationBuilder AddFracSilo(this IHostApplicationBuilder builder)
    {
        ApplySiloIndexArgument(builder.Configuration);
        var cluster = builder.Configuration.BindValidated<FracClusterOptions, FracClusterOptionsValidator>(FracClusterOptions.Section);
        var storage = builder.Configuration.BindValidated<FracStorageOptions, FracStorageOptionsValidator>(FracStorageOptions.Section);
        var streams = builder.Configuration.BindValidated<FracStreamsOptions, FracStreamsOptionsValidator>(FracStreamsOptions.Section);
        builder.Configuration.BindValidated<ApiOptions, ApiOptionsValidator>(ApiOptions.Section);
        var tls = builder.Configuration.BindValidated<ClusterTlsOptions, ClusterTlsOptionsValidator>(ClusterTlsOptions.Section);
        // Loaded now: a wrong path or a certificate from another CA stops the start, not the first connection.
        var certificates = tls.Enabled ? ClusterCertificates.Load(tls) : null;
        var azureOptions = builder.Configuration.BindValidated<FracAzureOptions, FracAzureOptionsValidator>(FracAzureOptions.Section);
        var azure = new AzureServiceClients(azureOptions);

        var services = builder.Services;
        services.AddOptions<FracClusterOptions>().Bind(builder.Configuration.GetSection(FracClusterOptions.Section));
        services.AddOptions<FracStorageOptions>().Bind(builder.Configuration.GetSection(FracStorageOptions.Section));
        services.AddOptions<FracStreamsOptions>().Bind(builder.Configuration.GetSection(FracStreamsOptions.Section));
        services.AddOptions<ApiOptions>().Bind(builder.Configuration.GetSection(ApiOptions.Section));
        // Scan recovery needs a reminder service, which every provider choice of this host has: on unless configured off.
        services.Configure<ScanRecoveryOptions>(o => o.Enabled = true);
        services.AddFracServingOptions(builder.Configuration);
        services.AddFracTrainingOptions(builder.Configuration);
        services.AddFracBlobStore(storage, azureOptions);
        services.AddFracEngineClassifier();
        services.AddOptions<AuditOptions>().Bind(builder.Configuration.GetSection(AuditOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CredentialRegistry>();
        services.TryAddSingleton<ApiKeyStore>();
        services.TryAddSingleton<AuditLog>();
        services.AddSingleton<ApiKeyEndpointFilter>();
        services.AddSingleton<OperatorEndpointFilter>();
        services.AddFracWebUi(builder.Configuration);
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddHostedService<StartupBanner>();
        services.AddHostedService<RetentionScheduler>();

        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(FracMetrics.MeterName)
            .AddMeter("Microsoft.Orleans")
            .AddAspNetCoreInstrumentation()
            .AddRuntimeInstrumentation()
            .AddPrometheusExporter())
            .WithTracing(tracing =>
            {
                tracing
                    .AddSource(FracTracing.SourceName)
                    .AddSource("Microsoft.Orleans.Runtime")
                    .AddSource("Microsoft.Orleans.Application")
                    .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsProbeOrScrape(http.Request.Path));
                // Exported only where a collector is configured (the standard OTEL_EXPORTER_OTLP_* variables).
                if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
                    tracing.AddOtlpExporter();
            });
        var recovery = builder.Configuration.GetSection(ScanRecoveryOptions.Section).Get<ScanRecoveryOptions>() ?? new ScanRecoveryOptions();

        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ServiceId;
            });
            silo.Configure<SiloOptions>(o => o.SiloName = cluster.SiloName ?? $"silo-{cluster.SiloIndex}");
            // Grain calls carry the caller's trace context, so a scan's result-grain call stays in the scan's trace.
            silo.AddActivityPropagation();
            // Orleans refuses reminder periods under a minute by default; the recovery check may be configured shorter.
            if (recovery.CheckPeriod < TimeSpan.FromMinutes(1))
                silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = recovery.CheckPeriod);
            if (certificates is not null)
                silo.UseTls(certificates.Apply);
            silo.UseFracClustering(cluster, azure)
                .AddFracStreams(streams, cluster, azure)
                .AddFracGrainStorage(storage, azure)
                .AddFracReminders(cluster, azure)
                .AddFracServing()
                .AddFracTraining()
                .AddDashboard();
        });
        return builder;
    }

    /// <summary>Listens on localhost:5080+N unless a URL or port is configured (ASPNETCORE_URLS, --urls, ASPNETCORE_HTTP_PORTS).</summary>
    public static WebApplicationBuilder UseFracDefaultUrls(this WebApplicationBuilder builder)
    {
        ApplySiloIndexArgument(builder.Configuration);
        var configured = new[] { "urls", "http_ports", "https_ports" }.Any(k => !string.IsNullOrWhiteSpace(builder.Configuration[k]));
        if (!configured)
        {
            var index = builder.Configuration.GetValue<int>($"{FracClusterOptions.Section}:SiloIndex");
            builder.WebHost.UseUrls($"http://localhost:{DefaultHttpPort + index}");
        }
        return builder;
    }

    /// <summary>Health, API, web UI and dashboard (behind the API key), and the Prometheus scrape endpoint.</summary>
    public static WebApplication MapFracEndpoints(this WebApplication app)
    {
        // Resolve now: a missing key file stops the start with a clear message instead of failing the first request.
        app.Services.GetRequiredService<ApiKeyStore>();
        app.UseWhen(c => c.Request.Path.StartsWithSegments(DashboardPath), b => b.UseMiddleware<DashboardAuthMiddleware>());
        app.MapHealthEndpoints();
        app.MapScanEndpoints();
        app.MapStudyEndpoints();
        app.MapModelEndpoints();
        app.MapTrainingEndpoints();
        app.MapFracWebUi();
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapOrleansDashboard(DashboardPath);
        return app;
    }

    public const string DashboardPath = "/dashboard";

    private static bool IsProbeOrScrape(PathString path) =>
        path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz") || path.StartsWithSegments("/metrics");

    /// <summary><c>--silo-index N</c> on the command line is short for <c>Frac:Cluster:SiloIndex=N</c>.</summary>
    private static void ApplySiloIndexArgument(IConfigurationManager configuration)
    {
        if (configuration["silo-index"] is { Length: > 0 } index)
            configuration.AddInMemoryCollection([new KeyValuePair<string, string?>($"{FracClusterOptions.Section}:SiloIndex", index)]);
    }

    /// <summary>Binds a section and validates it now, because the Orleans wiring needs the values before the host starts.</summary>
    private static T BindValidated<T, TValidator>(this IConfiguration configuration, string section)
        where T : class, new()
        where TValidator : IValidateOptions<T>, new()
    {
        var value = new T();
        try
        {
            configuration.GetSection(section).Bind(value);
        }
        catch (InvalidOperationException ex)
        {
            // e.g. Provider=Zookeeper: the binder's message names the key and the value; add what would be accepted.
            var allowed = typeof(T).GetProperties().Where(p => p.PropertyType.IsEnum)
                .Select(p => $"{section}:{p.Name} is one of {string.Join(", ", Enum.GetNames(p.PropertyType))}");
            throw new OptionsValidationException(section, typeof(T), [$"{ex.Message} ({string.Join("; ", allowed)})"]);
        }
        var result = new TValidator().Validate(null, value);
        if (result.Failed)
            throw new OptionsValidationException(section, typeof(T), result.Failures);
        return value;
    }
}
