using System.Globalization;
using FracCluster.Cluster.Tests.Infrastructure;
using FracCluster.Silo.Hosting;

namespace FracCluster.Cluster.Tests;

public sealed class SettingsValidationTests
{
    [Fact]
    public async Task A_bad_cluster_setting_stops_the_silo_with_exit_code_2()
    {
        using var data = new TempFolder();
        var code = await FracSiloApp.RunAsync([$"--Frac:Storage:Root={data.Path}", "--Frac:Cluster:SiloPort=11111", "--Frac:Cluster:GatewayPort=11111"]);
        Assert.Equal(FracSiloApp.ExitBadSettings, code);
    }

    [Fact]
    public async Task A_bad_batching_setting_stops_the_silo_at_start_with_exit_code_2()
    {
        using var data = new TempFolder();
        var code = await FracSiloApp.RunAsync(
        [
            "--urls", "http://127.0.0.1:0",
            $"--Frac:Storage:Root={data.Path}",
            $"--Frac:Cluster:SiloPort={FreePort.Next().ToString(CultureInfo.InvariantCulture)}",
            $"--Frac:Cluster:GatewayPort={FreePort.Next().ToString(CultureInfo.InvariantCulture)}",
            "--Frac:Batching:MaxBatchSize=0",
        ]);
        Assert.Equal(FracSiloApp.ExitBadSettings, code);
    }

    [Theory]
    [InlineData("--Frac:Heatmaps:ProbabilityThreshold=1.5")]
    [InlineData("--Frac:Heatmaps:ProbabilityThreshold=-0.1")]
    [InlineData("--Frac:Heatmaps:MaxPending=0")]
    [InlineData("--Frac:Heatmaps:Method=7")]
    public async Task A_bad_heatmap_setting_stops_the_silo_with_exit_code_2(string setting)
    {
        using var data = new TempFolder();
        var code = await FracSiloApp.RunAsync(
        [
            "--urls", "http://127.0.0.1:0",
            $"--Frac:Storage:Root={data.Path}",
            $"--Frac:Cluster:SiloPort={FreePort.Next().ToString(CultureInfo.InvariantCulture)}",
            $"--Frac:Cluster:GatewayPort={FreePort.Next().ToString(CultureInfo.InvariantCulture)}",
            setting,
        ]);
        Assert.Equal(FracSiloApp.ExitBadSettings, code);
    }

    [Theory]
    [InlineData("--Frac:Web:HighSensitivityThreshold=1.5")]
    [InlineData("--Frac:Web:SessionHours=0")]
    [InlineData("--Frac:Worklist:Capacity=1")]
    [InlineData("--Frac:Dicom:StudyQuietSeconds=0")]
    [InlineData("--Frac:Dicom:Destinations:0:AeTitle=PACS")]
    [InlineData("--Frac:Dicom:ExportMaxAttempts=0")]
    [InlineData("--Frac:Dicom:AeTitle=A\\B")]
    [InlineData("--Frac:Dicom:CallingAeTitles:CR1=")]
    public async Task A_bad_web_ui_worklist_or_dicom_setting_stops_the_silo_with_exit_code_2(string setting)
    {
        using var data = new TempFolder();
        var code = await FracSiloApp.RunAsync(
        [
            "--urls", "http://127.0.0.1:0",
            $"--Frac:Storage:Root={data.Path}",
            $"--Frac:Cluster:SiloPort={FreePort.Next().ToString(CultureInfo.InvariantCulture)}",
            $"--Frac:Cluster:GatewayPort={FreePort.Next().ToString(CultureInfo.InvariantCulture)}",
            setting,
        ]);
        Assert.Equal(FracSiloApp.ExitBadSettings, code);
    }

    [Fact]
    public async Task Redis_membership_without_a_reminder_service_stops_the_silo_with_exit_code_2_even_with_its_connection_string()
    {
        using var data = new TempFolder();
        var code = await FracSiloApp.RunAsync([$"--Frac:Storage:Root={data.Path}", "--Frac:Cluster:Provider=Redis", "--Frac:Cluster:ConnectionString=localhost:6379"]);
        Assert.Equal(FracSiloApp.ExitBadSettings, code);
    }

    [Theory]
    [InlineData("--Frac:Cluster:Provider=AzureTable")]
    [InlineData("--Frac:Cluster:Provider=Redis")]
    [InlineData("--Frac:Streams:Provider=AzureQueue")]
    [InlineData("--Frac:Storage:Provider=AzureBlob")]
    [InlineData("--Frac:Cluster:Provider=Zookeeper")]
    public async Task A_production_provider_without_its_connection_string_stops_the_silo_with_exit_code_2(string setting)
    {
        using var data = new TempFolder();
        var code = await FracSiloApp.RunAsync([$"--Frac:Storage:Root={data.Path}", setting]);
        Assert.Equal(FracSiloApp.ExitBadSettings, code);
    }
}
