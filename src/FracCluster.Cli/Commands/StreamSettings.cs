using System.ComponentModel;
using System.Net;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FracCluster.Cli.Commands;

public sealed class StreamSettings : CommandSettings
{
    [CommandArgument(0, "<DIR>")]
    [Description("Folder of images to send (searched recursively).")]
    public string Folder { get; init; } = string.Empty;

    [CommandOption("-r|--rate <R>")]
    [Description("Images per second, over all scanners.")]
    [DefaultValue(10.0)]
    public double Rate { get; init; } = 10;

    [CommandOption("-k|--scanners <K>")]
    [Description("Number of simulated scanners.")]
    [DefaultValue(4)]
    public int Scanners { get; init; } = 4;

    [CommandOption("-n|--count <N>")]
    [Description("Scans to send; default one per image in DIR.")]
    public int? Count { get; init; }

    [CommandOption("--api <URL>")]
    [Description("Base URL of the HTTP API.")]
    [DefaultValue("http://localhost:5080")]
    public string Api { get; init; } = "http://localhost:5080";

    [CommandOption("--api-key <KEY>")]
    [Description("API key; default: $FRAC_API_KEY, else the file given by --api-key-file.")]
    public string? ApiKey { get; init; }

    [CommandOption("--api-key-file <FILE>")]
    [Description("File holding the API key (the embedded silo writes data/api-key).")]
    [DefaultValue("data/api-key")]
    public string ApiKeyFile { get; init; } = "data/api-key";

    [CommandOption("--orleans")]
    [Description("Use the Orleans client (IScanIntakeGrain + results streams) instead of HTTP.")]
    public bool Orleans { get; init; }

    [CommandOption("--gateway <HOST:PORT>")]
    [Description("Orleans gateway(s) for --orleans, comma-separated.")]
    [DefaultValue("127.0.0.1:30000")]
    public string Gateway { get; init; } = "127.0.0.1:30000";

    [CommandOption("--cluster-id <ID>")]
    [DefaultValue("fraccluster")]
    public string ClusterId { get; init; } = "fraccluster";

    [CommandOption("--service-id <ID>")]
    [DefaultValue("fraccluster")]
    public string ServiceId { get; init; } = "fraccluster";

    [CommandOption("--priority <P>")]
    [Description("Send every scan as 'routine' (default) or 'urgent' (X-Scan-Priority).")]
    [DefaultValue("routine")]
    public string Priority { get; init; } = "routine";

    [CommandOption("--deadline-ms <MS>")]
    [Description("Send every scan with this deadline (X-Scan-Deadline-Ms); the cluster refuses at once what it cannot make.")]
    public int? DeadlineMs { get; init; }

    [CommandOption("--wait <SECONDS>")]
    [Description("How long to wait for the last results after the last send.")]
    [DefaultValue(120)]
    public int WaitSeconds { get; init; } = 120;

    public IReadOnlyList<IPEndPoint> Gateways() => Gateway.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(IPEndPoint.Parse).ToList();

    public override ValidationResult Validate()
    {
        if (Priority is not ("routine" or "urgent"))
            return ValidationResult.Error("--priority must be 'routine' or 'urgent'.");
        if (DeadlineMs is <= 0)
            return ValidationResult.Error("--deadline-ms must be a positive number of milliseconds.");
        if (Rate is <= 0 or > 100_000)
            return ValidationResult.Error("--rate must be between 0 and 100000 images/s.");
        if (Scanners is < 1 or > 1000)
            return ValidationResult.Error("--scanners must be between 1 and 1000.");
        if (Count is < 1)
            return ValidationResult.Error("--count must be positive.");
        if (WaitSeconds is < 1 or > 3600)
            return ValidationResult.Error("--wait must be between 1 and 3600 seconds.");
        if (!Orleans && !Uri.TryCreate(Api, UriKind.Absolute, out _))
            return ValidationResult.Error($"--api '{Api}' is not an absolute URL.");
        if (Orleans && Gateway.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Any(g => !IPEndPoint.TryParse(g, out _)))
            return ValidationResult.Error($"--gateway '{Gateway}' must be IP:port (comma-separated for several).");
        return ValidationResult.Success();
    }
}
