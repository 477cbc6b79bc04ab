using System.Diagnostics;
using System.Globalization;
using FracCluster.Cluster.Tests.Infrastructure;
using FracCluster.Grains.Inference;
using FracCluster.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace FracCluster.Cluster.Tests.Dicom;

/// <summary>
/// The real silo host with its DICOM store SCP on, serving the production inference engine over a small seeded net (so
/// DICOM and PNG scans go through the production batch decoder and forward pass), dcmtk's <c>storescp</c> as the PACS, and a second destination where nothing listens.
/// Studies are stable after 1 s; the dead destination is given up after 3 tries 0.2 s and 0.4 s apart.
/// </summary>
public sealed class DicomSiloFixture : IAsyncLifetime
{
    public const string ApiKey = "test-api-key-dicom-0123456789";
    public const string CallingAe = "MODALITY1";
    public const string ScannerId = "dx-room-1";
    public const string OurAe = "FRACCLUSTER";
    public const string PacsAe = "PACS";

    private readonly TempFolder _data = new();
    private WebApplication? _app;
    private Process? _storescp;

    public HttpClient Http { get; private set; } = null!;

    public int DicomPort { get; } = FreePort.Next();

    public int PacsPort { get; } = FreePort.Next();

    /// <summary>A port nothing listens on: the destination that stays down.</summary>
    public int DeadPort { get; } = FreePort.Next();

    /// <summary>Where storescp writes what it receives.</summary>
    public string PacsFolder => Path.Combine(_data.Path, "pacs");

    public string Scratch => Path.Combine(_data.Path, "scratch");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(PacsFolder);
        Directory.CreateDirectory(Scratch);
        _storescp = Dcmtk.Start("storescp", "-aet", PacsAe, "-od", PacsFolder, PacsPort.ToString(CultureInfo.InvariantCulture));
        _storescp.BeginOutputReadLine();
        _storescp.BeginErrorReadLine();
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            $"--Frac:Storage:Root={Path.Combine(_data.Path, "data")}",
            $"--Frac:Cluster:SiloPort={FreePort.Next().ToString(CultureInfo.InvariantCulture)}",
            $"--Frac:Cluster:GatewayPort={FreePort.Next().ToString(CultureInfo.InvariantCulture)}",
            $"--Frac:Api:ApiKey={ApiKey}",
            "--Frac:Batching:MaxDelayMs=50",
            "--Frac:Dicom:Enabled=true",
            $"--Frac:Dicom:Port={DicomPort.ToString(CultureInfo.InvariantCulture)}",
            "--Frac:Dicom:BindAddress=127.0.0.1",
            $"--Frac:Dicom:AeTitle={OurAe}",
            $"--Frac:Dicom:CallingAeTitles:{CallingAe}={ScannerId}",
            "--Frac:Dicom:StudyQuietSeconds=1",
            $"--Frac:Dicom:Destinations:0:AeTitle={PacsAe}",
            "--Frac:Dicom:Destinations:0:Host=127.0.0.1",
            $"--Frac:Dicom:Destinations:0:Port={PacsPort.ToString(CultureInfo.InvariantCulture)}",
            "--Frac:Dicom:Destinations:1:AeTitle=DOWN",
            "--Frac:Dicom:Destinations:1:Host=127.0.0.1",
            $"--Frac:Dicom:Destinations:1:Port={DeadPort.ToString(CultureInfo.InvariantCulture)}",
            "--Frac:Dicom:ExportMaxAttempts=3",
            "--Frac:Dicom:ExportInitialBackoffSeconds=0.2",
            "--Frac:Dicom:ExportTimeoutSeconds=5",
            "--Logging:LogLevel:Default=Warning",
        ];
        _app = FracSiloApp.Build(args, b => b.Services.AddSingleton<IBatchClassifierFactory>(new ConvNetClassifierFactory()));
        await _app.StartAsync();
        Http = new HttpClient { BaseAddress = new Uri(_app.Urls.First()) };
        Http.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        await Poll.UntilAsync(async () => (await Http.GetAsync("/readyz")).IsSuccessStatusCode, TimeSpan.FromSeconds(90), "/readyz");
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        if (_storescp is { HasExited: false })
        {
            _storescp.Kill();
            await _storescp.WaitForExitAsync();
        }
        _storescp?.Dispose();
        _data.Dispose();
    }
}
