namespace FracCluster.Deploy.Tests.Contracts;

public sealed class ContractTests
{
    [Fact]
    public void Environment_contract_names_are_unique_and_use_configuration_separators()
    {
        Assert.Equal(SiloEnvironmentContract.Names.Count, SiloEnvironmentContract.Names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(SiloEnvironmentContract.Variables.Where(v => v.Name.StartsWith("Frac", StringComparison.Ordinal)), v =>
        {
            Assert.Matches("^Frac(__[A-Z][A-Za-z]+)+(__[0-9]+)?$", v.Name);
            Assert.DoesNotContain("__", v.ConfigurationKey, StringComparison.Ordinal);
        });
        Assert.Equal("Frac:Models:Devices:0", SiloEnvironmentContract.Get("Frac__Models__Devices__0").ConfigurationKey);
    }

    [Fact]
    public void Pod_fields_name_a_downward_api_path_and_nothing_else_does()
    {
        Assert.All(SiloEnvironmentContract.Variables, v =>
            Assert.Equal(v.Source == EnvironmentSource.PodField, v.FieldPath is not null));
        Assert.Equal("metadata.name", SiloEnvironmentContract.Get("Frac__Cluster__SiloName").FieldPath);
        Assert.Equal("status.podIP", SiloEnvironmentContract.Get("Frac__Cluster__AdvertisedIp").FieldPath);
    }

    [Fact]
    public void Every_credential_is_a_secret()
    {
        var secrets = SiloEnvironmentContract.Variables.Where(v => v.Source == EnvironmentSource.Secret).Select(v => v.Name);
        var credentials = SiloEnvironmentContract.Names.Where(n => n.EndsWith("ConnectionString", StringComparison.Ordinal) || n.EndsWith("ApiKey", StringComparison.Ordinal));
        Assert.Equal(credentials.Order(StringComparer.Ordinal), secrets.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Unknown_variable_lookup_says_which_name()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => SiloEnvironmentContract.Get("Frac__Nope"));
        Assert.Contains("Frac__Nope", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Metric_prometheus_names_follow_the_exporter_naming_rules()
    {
        Assert.All(SiloMetricsContract.Metrics, m =>
            Assert.Equal(m.PrometheusName, PrometheusNaming.FromOpenTelemetry(m.OpenTelemetryName, m.Unit, m.Instrument)));
        Assert.Equal(SiloMetricsContract.Metrics.Count, SiloMetricsContract.Metrics.Select(m => m.PrometheusName).Distinct().Count());
    }

    [Theory]
    [InlineData("fraccluster.queue.depth", "{scan}", MetricInstrument.Gauge, "fraccluster_queue_depth")]
    [InlineData("http.server.request.duration", "s", MetricInstrument.Histogram, "http_server_request_duration_seconds")]
    [InlineData("fraccluster.images", "{image}", MetricInstrument.Counter, "fraccluster_images_total")]
    [InlineData("process.memory", "By", MetricInstrument.Gauge, "process_memory_bytes")]
    [InlineData("fraccluster.wait.seconds", "s", MetricInstrument.Histogram, "fraccluster_wait_seconds")]
    [InlineData("fraccluster.gpu-utilisation", "1", MetricInstrument.Gauge, "fraccluster_gpu_utilisation")]
    [InlineData("fraccluster.requests.total", "{request}", MetricInstrument.Counter, "fraccluster_requests_total")]
    public void Prometheus_naming_matches_the_exporter(string name, string unit, MetricInstrument instrument, string expected)
    {
        Assert.Equal(expected, PrometheusNaming.FromOpenTelemetry(name, unit, instrument));
    }

    [Fact]
    public void Histograms_store_bucket_sum_and_count_series()
    {
        var histogram = SiloMetricsContract.Metrics.First(m => m.Instrument == MetricInstrument.Histogram);
        Assert.Equal([histogram.PrometheusName + "_bucket", histogram.PrometheusName + "_sum", histogram.PrometheusName + "_count"], histogram.SeriesNames);
        Assert.Equal([SiloMetricsContract.QueueDepth.PrometheusName], SiloMetricsContract.QueueDepth.SeriesNames);
    }
}
